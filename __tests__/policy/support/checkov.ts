import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { loadProjectConfig } from '../../../src/config';
import { findCheckov, type CheckovCommand } from '../../../src/review/checkov/find-checkov';
import { EnvironmentStack } from '../../../src/stacks/environment-stack';
import { StateStack } from '../../../src/stacks/state-stack';
import { configFor, type Overrides } from '../../support/stacks';
import { describeTier, recordTier } from '../../support/tiers';

export const ROOT = resolve(__dirname, '..', '..', '..');

/** The offline Checkov 3.3.13 these machines share (its README: /work/shared/tools/checkov/README.md). */
export const SHARED_CHECKOV = ['/work/shared/tools/checkov/run', '../shared/tools/checkov/run'];

/** Checkov as `npm run checkov` finds it (CHECKOV, PATH), else the shared offline build. */
export const checkov: CheckovCommand | undefined = findCheckov(process.env, ROOT, SHARED_CHECKOV);

/** `describe` where Checkov runs; else skipped loudly (failing in CI), see `describeTier`. */
export function describeWithCheckov(name: string, body: (checkov: CheckovCommand) => void): void {
  if (checkov !== undefined) {
    recordTier('policy', 'ran', `${name} with Checkov ${checkov.file} (${checkov.origin})`);
    const found = checkov;
    describeTier('policy', name, { available: true }, () => body(found));
    return;
  }
  describeTier('policy', name, { available: false, reason: `Checkov is not on PATH, CHECKOV is unset and ${SHARED_CHECKOV.join(' / ')} is absent` }, () => undefined);
}

/** A prod domain that is not a reserved example name (the preset's example.com stands in for the user's). */
const DOMAIN = 'three-tier-shop.co.kr';
const ECR_IMAGE = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:1';
const ADMIN_CIDR = '["203.0.113.10/32"]';

/**
 * The shipped stacks and the configurations a user is likely to pick, each a stack folder named
 * after what it varies: every knob that changes what Checkov sees takes each of its values at least once.
 */
export const VARIANTS: Readonly<Record<string, { readonly environment: 'dev' | 'prod'; readonly overrides: Overrides }>> = {
  dev: { environment: 'dev', overrides: {} },
  prod: { environment: 'prod', overrides: {} },
  // The console walk-through's shape: a NAT gateway, an ALB per tier, a bastion for an admin CIDR, no flow logs, always on.
  'dev-nat-single-per-tier-admin-bastion': {
    environment: 'dev',
    overrides: {
      TT__network__natMode: 'single',
      TT__loadBalancing__topology: 'per-tier',
      TT__access__adminCidrs: ADMIN_CIDR,
      TT__access__bastion__enabled: 'true',
      TT__access__bastion__instanceType: 't3.micro',
      TT__access__bastion__keyName: 'ops',
      TT__network__flowLogs__enabled: 'false',
      TT__schedule__enabled: 'false',
    },
  },
  // No NAT at all: private ECR images through the VPC endpoints; admin CIDRs alone bring a bastion.
  'dev-nat-none-admin': {
    environment: 'dev',
    overrides: { TT__network__natMode: 'none', TT__frontend__image: ECR_IMAGE, TT__backend__image: ECR_IMAGE, TT__access__adminCidrs: ADMIN_CIDR },
  },
  // A NAT instance per AZ, a bastion without admin CIDRs (SSM only), an ALB per tier.
  'dev-nat-instance-per-az-bastion-per-tier': {
    environment: 'dev',
    overrides: { TT__network__natInstancePerAz: 'true', TT__access__bastion__enabled: 'true', TT__loadBalancing__topology: 'per-tier' },
  },
  // Dev with a domain (HTTPS outside prod), WAF, Performance Insights on a class that has it, no customer key.
  'dev-domain-waf-insights': {
    environment: 'dev',
    overrides: { TT__dns__domain: DOMAIN, TT__waf__enabled: 'true', TT__database__instanceClass: 'db.t4g.medium', TT__database__performanceInsights: 'true', TT__loadBalancing__accessLogs: 'true' },
  },
  // Prod in a hosted zone the user already has, one ALB with the API under /api.
  'prod-hosted-zone-shared': {
    environment: 'prod',
    overrides: { TT__dns__domain: DOMAIN, TT__dns__hostedZoneId: 'Z0123456789ABCDEFGHIJ', TT__loadBalancing__topology: 'shared', TT__loadBalancing__sameOriginApi: 'true', TT__access__adminCidrs: ADMIN_CIDR },
  },
};

/** Synthesizes the state stack and every variant into `outdir` in one app, as `npm run synth` writes stacks. */
export function synthVariants(outdir: string, names: readonly string[] = Object.keys(VARIANTS)): string {
  const app = new App({ outdir, skipValidation: true });
  new StateStack(app, 'state', loadProjectConfig({ configDir: '__tests__/support/no-config', env: {} }));
  for (const name of names) {
    const { environment, overrides } = VARIANTS[name];
    new EnvironmentStack(app, name, configFor(environment, overrides));
  }
  app.synth();
  return join(outdir, 'stacks');
}
