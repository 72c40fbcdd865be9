import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { amazonLinux2023, isGraviton } from '../../src/constructs/amazon-linux';
import { containerUserData, ecrRegistry } from '../../src/constructs/container-user-data';
import { nameOfRef, outputsOf, ref, resourceNamed, resourcesOf, synthEnvironment } from '../support/stacks';

const dev = synthEnvironment('dev');

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

  it('runs AL2023 in a public subnet, IMDSv2 only, on an encrypted gp3 root volume', () => {
    expect(dev).toHaveResourceWithProperties(Instance, {
      ami: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      instance_type: 't3.micro',
      metadata_options: { http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 },
      root_block_device: { volume_type: 'gp3', encrypted: true, volume_size: 8, delete_on_termination: true },
      lifecycle: { ignore_changes: ['ami'] },
    });
    const subnet = resourcesOf(dev, 'aws_subnet')[nameOfRef(bastion.subnet_id) ?? ''];
    expect(subnet.map_public_ip_on_launch).toBe(true);
  });

  it('has an Elastic IP and an SSM-managed instance profile', () => {
    const eip = Object.values(resourcesOf(dev, 'aws_eip')).find((candidate) => candidate.instance !== undefined);
    expect(nameOfRef(eip?.instance)).toBe(resourceNamed(dev, 'aws_instance', 'three-tier-dev-bastion').address);
    const attachments = Object.values(resourcesOf(dev, 'aws_iam_role_policy_attachment')).filter((attachment) => String(attachment.role).includes('bastion_role'));
    expect(attachments.map((attachment) => attachment.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore']);
  });

  it('takes an optional key pair', () => {
    expect(bastion.key_name).toBeUndefined();
    expect(synthEnvironment('dev', { TT__access__bastion__keyName: 'ops' })).toHaveResourceWithProperties(Instance, { key_name: 'ops' });
  });

  it('outputs its address and a ready ssh -J command', () => {
    const outputs = outputsOf(dev);
    expect(outputs.bastion_public_ip.value).toMatch(/^\$\{aws_eip\..*\.public_ip\}$/);
    expect(outputs.bastion_ssh_command.value).toMatch(/^ssh -J ec2-user@\$\{aws_eip\..*\.public_ip\} ec2-user@<private-instance-ip>$/);
  });

  it('is absent when turned off', () => {
    expect(synthEnvironment('dev', { TT__access__bastion__enabled: 'false' })).not.toHaveResource(Instance);
  });
});

describe('app tiers', () => {
  it('launch AL2023 with IMDSv2 required, hop limit 2, and an encrypted gp3 root volume', () => {
    for (const role of ['frontend', 'backend']) {
      expect(resourceNamed(dev, 'aws_launch_template', `three-tier-dev-${role}`).resource).toMatchObject({
        image_id: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
        metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 },
        block_device_mappings: [{ ebs: { volume_type: 'gp3', encrypted: 'true' } }],
      });
    }
  });

  it('install Docker and run the configured image on the configured ports', () => {
    const frontend = userDataOf(dev, 'frontend');
    expect(frontend).toContain('dnf install -y docker');
    expect(frontend).toContain("docker pull 'public.ecr.aws/nginx/nginx:1.27'");
    expect(frontend).toContain('-p 80:80');
    expect(userDataOf(dev, 'backend')).toContain('-p 8080:80');
    expect(frontend).not.toContain('ecr get-login-password');
  });

  it('log in to ECR first when the image is a private ECR URI', () => {
    const image = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2';
    const userData = userDataOf(synthEnvironment('dev', { TT__backend__image: image }), 'backend');
    expect(userData).toContain('aws ecr get-login-password --region ap-northeast-2 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com');
    expect(ecrRegistry('nginx:latest')).toBeUndefined();
  });

  it('give the backend the DB host, port, name and secret ARN, never the password', () => {
    const userData = userDataOf(dev, 'backend');
    expect(userData).toMatch(/DB_HOST=\$\{aws_db_instance\.[^.]+\.address\}/);
    expect(userData).toMatch(/DB_PORT=\$\{aws_db_instance\.[^.]+\.port\}/);
    expect(userData).toContain("'DB_NAME=app'");
    expect(userData).toMatch(/DB_SECRET_ARN=\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}/);
    expect(userData.toLowerCase()).not.toMatch(/password=/);
  });

  it('reject an environment variable name that is not a shell name', () => {
    expect(() => containerUserData({ image: 'x', hostPort: 80, containerPort: 80, environment: { 'BAD NAME': '1' }, logGroupName: '/x', region: 'ap-northeast-2' })).toThrow(
      'container environment variable name "BAD NAME" is not a valid shell name',
    );
  });

  it('grant SSM core, ECR read-only and the CloudWatch agent, and let only the backend read only its DB secret', () => {
    const attachments = Object.values(resourcesOf(dev, 'aws_iam_role_policy_attachment'));
    for (const tier of ['frontend-tier', 'backend-tier']) {
      expect(attachments.filter((attachment) => String(attachment.role).includes(tier)).map((attachment) => attachment.policy_arn).sort()).toEqual([
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
      ]);
    }
    const inline = Object.values(resourcesOf(dev, 'aws_iam_role_policy'));
    expect(inline).toHaveLength(1);
    expect(String(inline[0].role)).toContain('backend-tier');
    expect(JSON.parse(String(inline[0].policy)).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [expect.stringMatching(/^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/)],
      },
    ]);
  });

  it('scale over the private-app subnets with ELB health checks, instance refresh and target tracking', () => {
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
      name: 'three-tier-dev-backend',
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
