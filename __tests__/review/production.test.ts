import { modelFromJson } from '../../src/review/load';
import { productionOf } from '../../src/review/production';
import { threeTier, type Json, type Stack } from './fixtures/stack';

function withTags(defaultTags: Json | undefined, resourceTags: readonly Json[] = []): Stack {
  const stack = threeTier('prod');
  const provider = { aws: [{ region: 'ap-northeast-2', ...(defaultTags === undefined ? {} : { default_tags: [{ tags: defaultTags }] }) }] };
  const resource: Stack['resource'] = { aws_vpc: { main: stack.resource.aws_vpc.main } };
  resourceTags.forEach((tags, index) => {
    resource.aws_subnet = { ...resource.aws_subnet, [`s${index}`]: { vpc_id: '${aws_vpc.main.id}', cidr_block: `10.0.${index}.0/24`, tags } };
  });
  return { ...stack, provider, resource };
}

const verdict = (stack: Stack) => productionOf(modelFromJson(stack, 'fixture'));

describe('whether a stack is production, only when it says so', () => {
  it.each([
    [{ Production: 'true', Environment: 'dev' }, true, 'Production tag = true'],
    [{ Production: 'false', Environment: 'prod' }, false, 'Production tag = false'],
    [{ Environment: 'prod' }, true, 'Environment tag = prod'],
    [{ Environment: 'Production' }, true, 'Environment tag = Production'],
    [{ Environment: 'staging' }, false, 'Environment tag = staging'],
    [{ Environment: 'blue' }, undefined, 'Environment tag = blue, not a name the review knows as production or not'],
  ] as const)('default tags %j: %s', (tags, production, basis) => {
    expect(verdict(withTags(tags))).toEqual({ production, basis });
  });

  it("reads the resources' own tags when the provider has none, and gives up when they disagree", () => {
    expect(verdict(withTags(undefined, [{ Env: 'prd' }, { Env: 'prd' }]))).toEqual({ production: true, basis: 'Environment tag = prd on 2 resource(s)' });
    expect(verdict(withTags(undefined, [{ Environment: 'prod' }, { Environment: 'dev' }]))).toEqual({ production: undefined, basis: 'the resources name several environments (dev, prod)' });
    expect(verdict(withTags(undefined, [{ Environment: '${var.environment}' }]))).toEqual({ production: undefined, basis: 'no Production or Environment tag' });
    expect(verdict(withTags(undefined))).toEqual({ production: undefined, basis: 'no Production or Environment tag' });
  });
});
