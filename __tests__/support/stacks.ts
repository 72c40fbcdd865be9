import { loadConfig, loadProjectConfig } from '../../src/config';
import type { ThreeTierConfig } from '../../src/config';
import { withoutMetadata } from './metadata';
import { sharedSynth } from './synth-cache';

/**
 * cdktf and the stacks, loaded on a synth cache miss only: most test files read every stack they use
 * from the cache, and loading them costs a test file most of a second of CPU.
 */
function synthesizer(): { readonly cdktf: typeof import('cdktf'); readonly environment: typeof import('../../src/stacks/environment-stack'); readonly state: typeof import('../../src/stacks/state-stack') } {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily, typed by the import types above */
  return { cdktf: require('cdktf'), environment: require('../../src/stacks/environment-stack'), state: require('../../src/stacks/state-stack') };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A domain that looks real and is not reserved: prod plans with it, since the preset's placeholder example.com must not. */
export const PROD_TEST_DOMAIN = 'three-tier-shop.co.kr';

/** An empty config folder: tests that load configuration read it, never the developer's config/. */
export const NO_CONFIG = '__tests__/support/no-config';

/** Environment variables in the `TT__a__b` override format. */
export type Overrides = Readonly<Record<string, string>>;

/**
 * Dev as the console walk-throughs build it, which the dev preset was before it went lean: an ALB
 * per tier, a NAT gateway, a bastion with an Elastic IP, t3 instances, always on, no flow logs.
 * Tests of those parts pin it, so that they keep testing them.
 */
export const WALKTHROUGH_DEV: Overrides = {
  TT__loadBalancing__topology: 'per-tier',
  TT__network__natMode: 'single',
  TT__network__flowLogs__enabled: 'false',
  TT__access__bastion__enabled: 'true',
  TT__access__bastion__instanceType: 't3.micro',
  TT__frontend__instanceType: 't3.micro',
  TT__backend__instanceType: 't3.small',
  TT__schedule__enabled: 'false',
};

/** Configuration of one environment from its preset plus overrides, ignoring the developer's own config folder. */
export function configFor(environment: string, overrides: Overrides = {}): ThreeTierConfig {
  return loadConfig(environment, { configDir: NO_CONFIG, env: overrides });
}

/**
 * One environment stack's JSON as `Testing.synth` gives it (for the Testing matchers; cdktf formats
 * empty arrays differently), from the same synth as `environmentWithMetadata`: without running the
 * stack's ReviewAspect, which only annotates (and whose annotations `Testing.synth` drops): the
 * review's own tests cover it.
 */
export function synthEnvironment(environment: string, overrides: Overrides = {}): string {
  return JSON.stringify(withoutMetadata(JSON.parse(environmentWithMetadata(environment, overrides))), null, 2);
}

export function synthState(overrides: Overrides = {}): string {
  return sharedSynth(['Testing.synth', 'state', overrides], () => {
    const { cdktf, state } = synthesizer();
    return cdktf.Testing.synth(new state.StateStack(cdktf.Testing.app(), 'state', loadProjectConfig({ configDir: NO_CONFIG, env: overrides })));
  });
}

type Json = { [key: string]: unknown };

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The resources of one type in a synthesized stack, by name. */
export function resourcesOf(synthesized: string, type: string): Record<string, Json> {
  const parsed: unknown = JSON.parse(synthesized);
  const resources = isJson(parsed) && isJson(parsed.resource) ? parsed.resource : {};
  const ofType = resources[type];
  const result: Record<string, Json> = {};
  if (isJson(ofType)) {
    for (const [name, value] of Object.entries(ofType)) {
      if (isJson(value)) {
        result[name] = value;
      }
    }
  }
  return result;
}

/** The Terraform reference expression of a resource's attribute, `${type.name.attr}`. */
export function ref(type: string, name: string, attribute = 'id'): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** The name part of a `${type.name.attr}` reference. */
export function nameOfRef(reference: unknown): string | undefined {
  return typeof reference === 'string' ? /^\$\{[a-z0-9_]+\.([^.}]+)\./.exec(reference)?.[1] : undefined;
}

/** The resource of a type whose Name tag is `name`. */
export function resourceNamed(synthesized: string, type: string, name: string): { address: string; resource: Json } {
  const match = Object.entries(resourcesOf(synthesized, type)).find(([, resource]) => isJson(resource.tags) && resource.tags.Name === name);
  if (match === undefined) {
    throw new Error(`no ${type} named ${name}`);
  }
  return { address: match[0], resource: match[1] };
}

/** A stack's outputs, by name. */
export function outputsOf(synthesized: string): Record<string, Json> {
  const parsed: unknown = JSON.parse(synthesized);
  const outputs = isJson(parsed) && isJson(parsed.output) ? parsed.output : {};
  return Object.fromEntries(Object.entries(outputs).filter((entry): entry is [string, Json] => isJson(entry[1])));
}

/** The stack's Terraform JSON with cdktf's `"//"` metadata kept (Testing.synth strips it), as a string. */
export function environmentWithMetadata(environment: string, overrides: Overrides = {}): string {
  return sharedSynth(['toTerraform', environment, overrides], () => {
    const { cdktf, environment: stacks } = synthesizer();
    return JSON.stringify(new stacks.EnvironmentStack(cdktf.Testing.app(), environment, configFor(environment, overrides)).toTerraform());
  });
}
