import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/** The AWS provider with `default_tags`, so every taggable resource carries Project, Environment and ManagedBy. */
export function createAwsProvider(scope: Construct, region: string, tags: Readonly<Record<string, string>>): AwsProvider {
  return new AwsProvider(scope, 'aws', { region, defaultTags: [{ tags: { ...tags } }] });
}
