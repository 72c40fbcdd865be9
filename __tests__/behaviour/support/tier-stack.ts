import { Lb } from '@cdktf/provider-aws/lib/lb';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformStack, Testing } from 'cdktf';
import { AppTier, type AppTierProps } from '../../../src/constructs/app-tier';
import { Naming } from '../../../src/constructs/naming';

/** Props every test tier shares; a test adds image, port and what it exercises. */
export type TierOptions = Partial<Omit<AppTierProps, 'naming' | 'region' | 'vpcId' | 'subnetIds' | 'securityGroup'>> & {
  /** Environment built from the stack's load balancer, for references in values. */
  readonly environmentFrom?: (loadBalancer: Lb) => Readonly<Record<string, string>>;
};

/** A stack with one AppTier (role `backend` unless given, project `tt`, env `test`) and a load balancer to reference. */
export function tierStack(options: TierOptions = {}): { stack: TerraformStack; tier: AppTier } {
  const stack = new TerraformStack(Testing.app(), 'tier');
  const securityGroup = new SecurityGroup(stack, 'sg', { name: 'tt-test-backend', vpcId: 'vpc-0123' });
  const loadBalancer = new Lb(stack, 'alb', { name: 'tt-test-alb', subnets: ['subnet-a', 'subnet-b'] });
  const { environmentFrom, ...props } = options;
  const tier = new AppTier(stack, 'backend-tier', {
    naming: new Naming('tt', 'test'),
    role: 'backend',
    region: 'ap-northeast-2',
    vpcId: 'vpc-0123',
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroup,
    image: 'public.ecr.aws/nginx/nginx:1.27',
    port: 8080,
    ...props,
    environment: { ...props.environment, ...environmentFrom?.(loadBalancer) },
  });
  return { stack, tier };
}
