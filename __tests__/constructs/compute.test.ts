import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Testing } from 'cdktf';
import { amazonLinux2023, isGraviton } from '../../src/constructs/amazon-linux';
import { jdbcUrl, targetGroupNamePrefix } from '../../src/constructs/app-tier';
import { ecrRegistry } from '../../src/constructs/container-user-data';
import { tierStack } from '../behaviour/support/tier-stack';
import { WALKTHROUGH_DEV, environmentWithMetadata, nameOfRef, outputsOf, ref, resourceNamed, resourcesOf, synthEnvironment } from '../support/stacks';

const dev = synthEnvironment('dev', WALKTHROUGH_DEV);

function userDataOf(synthesized: string, role: string): string {
  return String(resourceNamed(synthesized, 'aws_launch_template', `three-tier-dev-${role}`).resource.user_data);
}

describe('Amazon Linux 2023 AMI', () => {
  it('is resolved at launch from SSM, arm64 for Graviton types', () => {
    expect(amazonLinux2023('t3.small')).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(amazonLinux2023('t4g.small')).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64');
    expect(['t4g.micro', 'm7g.large', 'c7gn.xlarge', 'r8g.medium'].map(isGraviton)).toEqual([true, true, true, true]);
    expect(['t3.micro', 'm5.large', 'g5.xlarge', 'c6in.large'].map(isGraviton)).toEqual([false, false, false, false]);
  });
});

describe('bastion host', () => {
  const bastion = resourceNamed(dev, 'aws_instance', 'three-tier-dev-bastion').resource;

  it('takes image and root volume from a launch template: a resolve:ssm: ami beside root_block_device fails the first apply (InvalidAMIID.Malformed)', () => {
    expect(bastion.ami).toBeUndefined();
    expect(bastion.root_block_device).toBeUndefined();
    const template = resourceNamed(dev, 'aws_launch_template', 'three-tier-dev-bastion');
    expect(bastion.launch_template).toEqual({ id: ref('aws_launch_template', template.address), version: `\${tostring(aws_launch_template.${template.address}.latest_version)}` });
    expect(template.resource).toMatchObject({
      image_id: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_type: 'gp3', encrypted: 'true', volume_size: 8, delete_on_termination: 'true' } }],
    });
    expect(bastion.metadata_options).toEqual({ http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 });
    expect(JSON.stringify(resourcesOf(dev, 'aws_subnet')[nameOfRef(bastion.subnet_id) ?? ''].tags)).toContain('"Tier":"public"');
  });

  it('sets no associate_public_ip_address beside its Elastic IP: false would replace the bastion at every plan', () => {
    expect(bastion.associate_public_ip_address).toBeUndefined();
  });

  it('has an Elastic IP that waits for the Internet Gateway, and an SSM-managed instance profile', () => {
    const eip = Object.values(resourcesOf(dev, 'aws_eip')).find((candidate) => candidate.instance !== undefined);
    expect(nameOfRef(eip?.instance)).toBe(resourceNamed(dev, 'aws_instance', 'three-tier-dev-bastion').address);
    expect(eip?.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\./)]);
    const attachments = Object.values(resourcesOf(dev, 'aws_iam_role_policy_attachment')).filter((attachment) => String(attachment.role).includes('bastion_role'));
    expect(attachments.map((attachment) => attachment.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore']);
  });

  it('takes an optional key pair', () => {
    expect(bastion.key_name).toBeUndefined();
    expect(synthEnvironment('dev', { ...WALKTHROUGH_DEV, TT__access__bastion__keyName: 'ops' })).toHaveResourceWithProperties(Instance, { key_name: 'ops' });
  });

  it('outputs its address and an SSM session command', () => {
    const outputs = outputsOf(dev);
    expect(outputs.bastion_public_ip.value).toMatch(/^\$\{aws_eip\..*\.public_ip\}$/);
    expect(outputs.bastion_ssm_command.value).toMatch(/^aws ssm start-session --region ap-northeast-2 --target \$\{aws_instance\..*\.id\}$/);
  });

  it('is absent when turned off', () => {
    expect(synthEnvironment('dev', { TT__access__bastion__enabled: 'false' })).not.toHaveResource(Instance);
  });
});

describe('app tiers', () => {
  it('launch AL2023 with IMDSv2 required, an encrypted gp3 root volume, and hop limit 1 written out: AL2023 images default to 2 and a limit left out keeps its old value (terraform-provider-aws#21288)', () => {
    for (const role of ['frontend', 'backend']) {
      expect(resourceNamed(dev, 'aws_launch_template', `three-tier-dev-${role}`).resource).toMatchObject({
        image_id: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
        block_device_mappings: [{ ebs: { volume_type: 'gp3', encrypted: 'true' } }],
      });
    }
  });

  it('imdsHopLimit 2 on request only, and then the review is told why', () => {
    const two = synthEnvironment('dev', { TT__backend__imdsHopLimit: '2' });
    const template = resourceNamed(two, 'aws_launch_template', 'three-tier-dev-backend').resource;
    expect(template.metadata_options).toMatchObject({ http_put_response_hop_limit: 2 });
    // The suppression travels in the resource's "//" metadata, which resourceNamed leaves out.
    const raw = (synthesized: string): string => JSON.stringify(resourcesOf(synthesized, 'aws_launch_template'));
    expect(raw(environmentWithMetadata('dev', { TT__backend__imdsHopLimit: '2' }))).toContain('imdsHopLimit 2 is configured: containers on the Docker bridge reach IMDSv2, and so the instance role');
    expect(raw(environmentWithMetadata('dev'))).not.toContain('TT-EC2-002');
  });

  it('keep the DB passwords out of user data: only the secret ARNs are there (what runs is tested in __tests__/behaviour)', () => {
    const userData = userDataOf(dev, 'backend');
    expect(userData).toMatch(/\$\{base64encode\(aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\)\}/);
    expect(userData).toMatch(/\$\{base64encode\(aws_secretsmanager_secret\.[^.]+\.arn\)\}/);
    expect(userData).not.toMatch(/master_user_secret\[0\]\.(?!secret_arn)/);
    expect(ecrRegistry('123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2')).toEqual({ registry: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com', region: 'ap-northeast-2' });
    expect(ecrRegistry('nginx:latest')).toBeUndefined();
  });

  it('instance refresh has no auto_rollback: AWS rejects it with an SSM-parameter AMI', () => {
    for (const group of Object.values(resourcesOf(dev, 'aws_autoscaling_group'))) {
      expect(group.instance_refresh).toEqual({ strategy: 'Rolling', preferences: { min_healthy_percentage: 50 } });
    }
  });

  it('target groups take a name_prefix of at most 6 characters and create_before_destroy: a ForceNew port change with a fixed name hits ResourceInUse', () => {
    const groups = Object.values(resourcesOf(dev, 'aws_lb_target_group'));
    expect(groups.map((group) => [group.name_prefix, group.name, group.lifecycle])).toEqual([
      ['backe-', undefined, { create_before_destroy: true }],
      ['front-', undefined, { create_before_destroy: true }],
    ]);
    expect(targetGroupNamePrefix('api-gateway-tier')).toBe('apiga-');
    expect(() => tierStack({ role: '---' })).toThrow('AppTier "---": role needs a letter or digit');
  });

  it("tag the instances, volumes and network interfaces an ASG launches, and the group itself, with the stack's default tags: provider default_tags reach none of them (terraform-provider-aws#19387)", () => {
    for (const role of ['frontend', 'backend']) {
      const template = resourceNamed(dev, 'aws_launch_template', `three-tier-dev-${role}`).resource;
      const tags = { Name: `three-tier-dev-${role}`, Project: 'three-tier', Environment: 'dev', ManagedBy: 'cdktf' };
      expect(template.tag_specifications).toEqual([
        { resource_type: 'instance', tags: expect.objectContaining(tags) },
        { resource_type: 'volume', tags: expect.objectContaining(tags) },
        { resource_type: 'network-interface', tags: expect.objectContaining(tags) },
      ]);
      const group = groupNamed(dev, `three-tier-dev-${role}`);
      expect(group.tag).toEqual(expect.arrayContaining(Object.entries(tags).map(([key, value]) => ({ key, value, propagate_at_launch: true }))));
    }
    const tagged = Testing.synth(tierStack({ extraTags: { CostCenter: 'web', Name: 'ignored' } }).stack);
    expect(resourceNamed(tagged, 'aws_launch_template', 'tt-test-backend').resource.tag_specifications).toEqual([
      { resource_type: 'instance', tags: { CostCenter: 'web', Name: 'tt-test-backend' } },
      { resource_type: 'volume', tags: { CostCenter: 'web', Name: 'tt-test-backend' } },
      { resource_type: 'network-interface', tags: { CostCenter: 'web', Name: 'tt-test-backend' } },
    ]);
    // One tag block per key: the group refuses a key given twice.
    expect(groupNamed(tagged, 'tt-test-backend').tag).toEqual([
      { key: 'CostCenter', value: 'web', propagate_at_launch: true },
      { key: 'Name', value: 'tt-test-backend', propagate_at_launch: true },
    ]);
  });

  it('the groups wait for every policy of their role: instances call ECR, Secrets Manager and CloudWatch Logs at boot', () => {
    for (const role of ['frontend', 'backend']) {
      const dependsOn = groupNamed(dev, `three-tier-dev-${role}`).depends_on as string[];
      const policies = Object.keys(resourcesOf(dev, 'aws_iam_role_policy')).filter((name) => name.startsWith(`${role}-tier_`));
      const attachments = Object.keys(resourcesOf(dev, 'aws_iam_role_policy_attachment')).filter((name) => name.startsWith(`${role}-tier_`));
      expect(policies.length + attachments.length).toBeGreaterThanOrEqual(3);
      for (const name of policies) {
        expect(dependsOn).toContain(`aws_iam_role_policy.${name}`);
      }
      for (const name of attachments) {
        expect(dependsOn).toContain(`aws_iam_role_policy_attachment.${name}`);
      }
    }
  });

  it('grant SSM core and ECR read-only, write only to their own log group (no CloudWatch agent runs), and let only the backend read only its DB secret', () => {
    const attachments = Object.values(resourcesOf(dev, 'aws_iam_role_policy_attachment'));
    const inline = Object.values(resourcesOf(dev, 'aws_iam_role_policy'));
    for (const tier of ['frontend-tier', 'backend-tier']) {
      expect(
        attachments
          .filter((attachment) => String(attachment.role).includes(tier))
          .map((attachment) => attachment.policy_arn)
          .sort(),
      ).toEqual(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore']);
      const logs = inline.find((policy) => String(policy.role).includes(tier) && policy.name === 'write-own-logs');
      const logGroup = `\${aws_cloudwatch_log_group.${tier}_logs_`;
      expect(JSON.parse(String(logs?.policy)).Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [expect.stringMatching(new RegExp(`^${escapeRegExp(logGroup)}[^.]+\\.arn\\}$`)), expect.stringMatching(new RegExp(`^${escapeRegExp(logGroup)}[^.]+\\.arn\\}:\\*$`))],
        },
      ]);
    }
    const secretPolicies = inline.filter((policy) => policy.name === 'read-own-secret');
    expect(secretPolicies.map((policy) => String(policy.role))).toEqual([expect.stringContaining('backend-tier')]);
    // The app user's secret, and the master's for creating that user (the container never sees either's role: hop limit 1).
    expect(JSON.parse(String(secretPolicies[0].policy)).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/), expect.stringMatching(/^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/)],
      },
    ]);
    const store = inline.filter((policy) => policy.name === 'store-own-secret');
    expect(store.map((policy) => JSON.parse(String(policy.policy)).Statement)).toEqual([
      [{ Effect: 'Allow', Action: ['secretsmanager:PutSecretValue'], Resource: [expect.stringMatching(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/)] }],
    ]);
    const drain = inline.filter((policy) => policy.name === 'drain-own-targets');
    expect(drain.map((policy) => String(policy.role))).toEqual([expect.stringContaining('backend-tier')]);
    expect(JSON.parse(String(drain[0].policy)).Statement[0]).toEqual({
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
      Resource: [expect.stringMatching(/^\$\{aws_lb_target_group\.backend-tier_[^.]+\.arn\}$/)],
    });
  });

  it('scale over the private-app subnets with ELB health checks, rolling instance refresh and target tracking', () => {
    const appSubnets = Object.entries(resourcesOf(dev, 'aws_subnet'))
      .filter(([, subnet]) => JSON.stringify(subnet.tags).includes('"Tier":"app"'))
      .map(([name]) => ref('aws_subnet', name));
    expect(dev).toHaveResourceWithProperties(AutoscalingGroup, {
      name: 'three-tier-dev-backend',
      min_size: 1,
      max_size: 2,
      desired_capacity: 1,
      vpc_zone_identifier: appSubnets,
      health_check_type: 'ELB',
      health_check_grace_period: 300,
      instance_refresh: expect.objectContaining({ strategy: 'Rolling' }),
      lifecycle: { ignore_changes: ['desired_capacity'] },
    });
    const group = resourceNamed(dev, 'aws_launch_template', 'three-tier-dev-frontend');
    expect(dev).toHaveResourceWithProperties(AutoscalingGroup, {
      launch_template: { id: ref('aws_launch_template', group.address), version: `\${tostring(aws_launch_template.${group.address}.latest_version)}` },
    });
    expect(dev).toHaveResourceWithProperties(AutoscalingPolicy, {
      policy_type: 'TargetTrackingScaling',
      target_tracking_configuration: { predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' }, target_value: 60 },
    });
  });

  it('follow capacities from config', () => {
    expect(synthEnvironment('prod')).toHaveResourceWithProperties(AutoscalingGroup, { name: 'three-tier-prod-backend', min_size: 2, max_size: 6, desired_capacity: 2 });
  });

  it('health-check their targets on the configured path and port', () => {
    expect(dev).toHaveResourceWithProperties(LbTargetGroup, {
      name_prefix: 'backe-',
      port: 8080,
      protocol: 'HTTP',
      deregistration_delay: '30',
      health_check: expect.objectContaining({ path: '/', matcher: '200-399', interval: 15, healthy_threshold: 2, unhealthy_threshold: 3 }),
    });
    const custom = synthEnvironment('dev', { TT__backend__healthCheckPath: '/actuator/health', TT__backend__healthCheckMatcher: '200' });
    expect(custom).toHaveResourceWithProperties(LbTargetGroup, { health_check: expect.objectContaining({ path: '/actuator/health', matcher: '200' }) });
  });

  it('run arm64 images on Graviton instance types', () => {
    expect(synthEnvironment('dev', { TT__frontend__instanceType: 't4g.small' })).toHaveResourceWithProperties(LaunchTemplate, {
      instance_type: 't4g.small',
      image_id: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    });
  });
});

describe('app tier input errors: a clear message naming the variable, never a stack trace from synth', () => {
  const database = {
    secretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:tt-db-app-user-1',
    masterSecretArn: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:rds!db-1',
    username: 'app',
    host: 'db.internal',
    port: 3306,
    dbName: 'app',
  };

  it.each([
    ['MY-VAR', 'environment variable name "MY-VAR" is invalid: use letters, digits and _, not starting with a digit (^[A-Za-z_][A-Za-z0-9_]*$)'],
    ['1ST', 'environment variable name "1ST" is invalid'],
    ['HAS SPACE', 'environment variable name "HAS SPACE" is invalid'],
    ['', 'environment variable name "" is invalid'],
  ])('rejects the environment variable name %j', (name, message) => {
    expect(() => tierStack({ environment: { [name]: 'x' } })).toThrow(`AppTier backend: ${message}`);
  });

  it('rejects a NUL character in a value, which no process environment can carry', () => {
    expect(() => tierStack({ environment: { NUL: 'a\0b' } })).toThrow('AppTier backend: environment variable NUL holds a NUL character, which no process environment can carry');
  });

  it('rejects environment variables the database connection sets, rather than letting one silently win', () => {
    expect(() => tierStack({ database, environment: { SPRING_DATASOURCE_URL: 'jdbc:h2:mem:x', DB_HOST: 'elsewhere' } })).toThrow(
      'AppTier backend: environment sets SPRING_DATASOURCE_URL, DB_HOST, which the database connection sets; remove them',
    );
    expect(() => tierStack({ database, environment: { DB_PASSWORD: 'x' } })).toThrow('AppTier backend: environment variable DB_PASSWORD is filled from the DB secret at container start; remove it from the environment');
  });

  it('rejects ports outside 1-65535', () => {
    expect(() => tierStack({ port: 0 })).toThrow('AppTier backend: hostPort 0 is not a port (1-65535)');
    expect(() => tierStack({ containerPort: 70000 })).toThrow('AppTier backend: containerPort 70000 is not a port (1-65535)');
  });

  it("rejects an environment that would push user data past EC2's 16 KiB", () => {
    expect(() => tierStack({ environment: { BIG: 'x'.repeat(12000) } })).toThrow(/^AppTier backend: the user data would be about \d+ bytes; EC2 allows 16384: shorten the environment$/);
  });

  it('gives the container a JDBC URL that requires TLS (the parameter group sets require_secure_transport) and sets the session to the DB time zone', () => {
    expect(jdbcUrl(database)).toBe('jdbc:mysql://db.internal:3306/app?sslMode=REQUIRED&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true');
    expect(jdbcUrl({ ...database, timeZone: 'Asia/Seoul' })).toBe('jdbc:mysql://db.internal:3306/app?sslMode=REQUIRED&connectionTimeZone=Asia/Seoul&forceConnectionTimeZoneToSession=true');
  });

  it('rejects a TZ in the environment when the tier sets the time zone, and a hop limit outside 1-64', () => {
    expect(() => tierStack({ timeZone: 'Asia/Seoul', environment: { TZ: 'UTC' } })).toThrow("AppTier backend: environment sets TZ, which timeZone (Asia/Seoul, the database's) sets; remove it");
    expect(() => tierStack({ imdsHopLimit: 0 })).toThrow('AppTier backend: imdsHopLimit must be an integer from 1 to 64, got 0');
  });
});

/** An Auto Scaling group by its name (groups carry tag blocks, not a tags map). */
function groupNamed(synthesized: string, name: string): Record<string, unknown> {
  const group = Object.values(resourcesOf(synthesized, 'aws_autoscaling_group')).find((candidate) => candidate.name === name);
  if (group === undefined || typeof group !== 'object' || group === null || Array.isArray(group)) {
    throw new Error(`no aws_autoscaling_group named ${name}`);
  }
  return group;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
