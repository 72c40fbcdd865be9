import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Testing } from 'cdktf';
import { reviewChange, type ChangeReview, type ChangeReviewOptions } from '../../src/review/change/change-review';
import { modelFromJson } from '../../src/review/load';
import type { Model } from '../../src/review/model';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { WALKTHROUGH_DEV, configFor, environmentWithMetadata, type Overrides } from '../support/stacks';

/** A test-only change the config cannot make: a construct override, as a team's own code would. */
export type Tweak = (stack: EnvironmentStack) => void;

/**
 * The stack's Terraform JSON (with cdktf's `"//"` metadata, so declared suppressions count) after
 * overrides and a tweak. Dev starts as the walk-throughs build it (a bastion with its key pair, a NAT
 * gateway, an ALB per tier): the changes below act on those parts.
 */
export function stackJson(environment: string, overrides: Overrides = {}, tweak?: Tweak): string {
  const start = environment === 'dev' ? { ...WALKTHROUGH_DEV, TT__access__bastion__keyName: 'ops' } : {};
  if (tweak === undefined) {
    return environmentWithMetadata(environment, { ...start, ...overrides });
  }
  const stack = new EnvironmentStack(Testing.app(), environment, configFor(environment, { ...start, ...overrides }));
  tweak(stack);
  return JSON.stringify(stack.toTerraform());
}

/** The change review of two synths of one environment: the preset against overrides and a tweak. */
const bases = new Map<string, Model>();

/** The preset's model, synthesized once per test file. */
function baseModel(environment: string): Model {
  const cached = bases.get(environment) ?? modelFromJson(JSON.parse(stackJson(environment)), `${environment} (base)`);
  bases.set(environment, cached);
  return cached;
}

export function reviewSynthChange(environment: string, overrides: Overrides, tweak?: Tweak, options: ChangeReviewOptions = {}): ChangeReview {
  const before = baseModel(environment);
  const after = modelFromJson(JSON.parse(stackJson(environment, overrides, tweak)), `${environment} (changed)`);
  return reviewChange({ before, after, planned: undefined }, options);
}

/** The backend role's secret policy widened to every Secrets Manager action. */
export const widenBackendSecrets: Tweak = (stack) => {
  const policy = stack.backend.instanceRole.node.findAll().find((construct): construct is IamRolePolicy => construct instanceof IamRolePolicy && construct.node.id === 'read-own-secret');
  if (policy === undefined) {
    throw new Error('the backend role has no read-own-secret policy');
  }
  policy.addOverride('policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: [stack.database.secretArn] }] }));
};

/** The database engine switched (MySQL to MariaDB): RDS replaces the instance. */
export const switchEngine: Tweak = (stack) => {
  stack.database.instance.addOverride('engine', 'mariadb');
};

/** A new DB subnet group (a new name forces it): the instance must move to it. */
export const renameSubnetGroup: Tweak = (stack) => {
  stack.database.subnetGroup.addOverride('name', 'three-tier-dev-db-v2');
};

// The base bastion has its key pair (admin CIDRs alone open nothing): the change only adds the CIDR.
export const ADMIN_SSH: Overrides = { TT__access__adminCidrs: '["203.0.113.0/24"]' };
