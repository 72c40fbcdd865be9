import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReview } from '../../src/review/cli';
import { isObject } from '../../src/review/json';
import { loadInput, modelFromJson } from '../../src/review/load';
import { formatPorts } from '../../src/review/ports';
import { ADMIN, INTERNET, portsBetween, reachabilityOf } from '../../src/review/reachability';
import { review } from '../../src/review/review';
import { topologyOf } from '../../src/review/topology';
import { plan } from './fixtures/plan-builder';
import { patch, ref, threeTier, type Stack } from './fixtures/stack';

const dir = mkdtempSync(join(tmpdir(), 'review-honest-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  // A wide terminal: these tests read whole sentences, which a narrower one wraps.
  const status = runReview(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false, env: { COLUMNS: '400' }, columns: undefined });
  return { status, stdout, stderr };
}

function reach(stack: Stack): ReturnType<typeof reachabilityOf> {
  return reachabilityOf(topologyOf(modelFromJson(stack, 'fixture')));
}

function findings(stack: Stack): readonly string[] {
  return review(modelFromJson(stack, 'fixture')).findings.map((finding) => `${finding.id} ${finding.address} ${finding.severity}`);
}

describe('CIDR sources inside the VPC', () => {
  it('admits a component whose subnet overlaps the source, not only one whose subnet lies inside it', () => {
    // 10.0.0.0/25 is half of the bastion's subnet 10.0.0.0/24: the bastion's address may be in it.
    let stack = patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'db_half', {
      security_group_id: ref('aws_security_group', 'db'),
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      cidr_ipv4: '10.0.0.0/25',
      description: 'x',
    });
    stack = patch(stack, 'aws_vpc_security_group_egress_rule', 'bastion_db', {
      security_group_id: ref('aws_security_group', 'bastion'),
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      cidr_ipv4: '10.0.48.0/23',
      description: 'x',
    });
    const result = reach(stack);
    expect(formatPorts(portsBetween(result, 'aws_instance.bastion', 'aws_db_instance.db'))).toBe('tcp/3306');
    expect(formatPorts(portsBetween(result, 'aws_autoscaling_group.app', 'aws_db_instance.db'))).toBe('tcp/3306');
  });
});

describe('the whole internet is more than /0', () => {
  const split = (): Stack => {
    const stack = patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'bastion_22', { cidr_ipv4: '0.0.0.0/1' });
    return patch(stack, 'aws_vpc_security_group_ingress_rule', 'bastion_22_b', {
      security_group_id: ref('aws_security_group', 'bastion'),
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      cidr_ipv4: '128.0.0.0/1',
      description: 'other half',
    });
  };

  it('reads 0.0.0.0/1 and 128.0.0.0/1 on two rules as SSH from the world', () => {
    expect(findings(split())).toEqual(
      expect.arrayContaining([
        'TT-SG-002 aws_vpc_security_group_ingress_rule.bastion_22 error',
        'TT-SG-002 aws_vpc_security_group_ingress_rule.bastion_22_b error',
        'TT-SG-001 aws_vpc_security_group_ingress_rule.bastion_22 error',
      ]),
    );
    const result = reach(split());
    expect(formatPorts(portsBetween(result, INTERNET, 'aws_instance.bastion'))).toBe('tcp/22');
    expect(result.adminCidrs).toEqual([]);
  });

  it('reads one public range wider than /8 for SSH as the internet, not as an admin range', () => {
    const stack = patch(threeTier(), 'aws_vpc_security_group_ingress_rule', 'bastion_22', { cidr_ipv4: '64.0.0.0/2' });
    expect(findings(stack)).toContain('TT-SG-002 aws_vpc_security_group_ingress_rule.bastion_22 error');
    const result = reach(stack);
    expect(formatPorts(portsBetween(result, INTERNET, 'aws_instance.bastion'))).toBe('tcp/22');
    expect(formatPorts(portsBetween(result, ADMIN, 'aws_instance.bastion'))).toBe('none');
  });

  it('keeps an office range an admin range', () => {
    expect(findings(threeTier()).filter((finding) => finding.startsWith('TT-SG-00'))).toEqual([]);
  });
});

describe('what is not analysed is never clean', () => {
  const moduleStack = file(
    'modules.tf.json',
    JSON.stringify({ terraform: { required_providers: { aws: { source: 'aws' } } }, module: { vpc: { source: 'terraform-aws-modules/vpc/aws', cidr: '10.0.0.0/16' }, web: { source: './web' } } }),
  );
  const foreignPlan = file(
    'foreign-plan.json',
    JSON.stringify(
      plan([
        { address: 'random_password.db', values: { length: 20 }, provider: 'registry.terraform.io/hashicorp/random' },
        { address: 'google_compute_instance.vm', values: { machine_type: 'e2-micro' }, provider: 'registry.terraform.io/hashicorp/google' },
        { address: 'aws_eks_cluster.main', values: { name: 'main' } },
      ]),
    ),
  );

  it.each([
    ['a cdk.tf.json of module calls', moduleStack, 'module calls not expanded (review a plan of the stack to see their resources): module.vpc, module.web'],
    ['a plan of other providers and an AWS type without analysis', foreignPlan, 'resources of other providers: registry.terraform.io/hashicorp/google (1), registry.terraform.io/hashicorp/random (1)'],
  ])('%s: every format says what was not analysed, and none calls it clean', (_what, path, line) => {
    const terminal = run(path);
    expect(terminal.status).toBe(0);
    expect(terminal.stdout).toContain('Not analysed');
    expect(terminal.stdout).toContain(line);
    expect(terminal.stdout).toMatch(/! no error-level findings in what was analysed; (the input holds no managed resources to analyse; )?not analysed: /);
    expect(terminal.stdout).not.toContain('✔');
    const markdown = run(path, '--format', 'markdown');
    expect(markdown.stdout).toContain('## Not analysed');
    expect(markdown.stdout).toContain(`- ${line}`);
    expect(markdown.stdout).not.toContain('✅');
    const json: unknown = JSON.parse(run(path, '--format', 'json').stdout);
    expect(isObject(json) && json.status).toMatchObject({ exitCode: 0, complete: false, notAnalysed: true });
  });

  it('lists the modules, providers and AWS types in the JSON report', () => {
    expect(review(loadInput(moduleStack)).notAnalysed.moduleCalls).toEqual(['module.vpc', 'module.web']);
    expect(review(loadInput(foreignPlan)).notAnalysed).toEqual({
      moduleCalls: [],
      providers: [
        { provider: 'registry.terraform.io/hashicorp/google', resources: 1 },
        { provider: 'registry.terraform.io/hashicorp/random', resources: 1 },
      ],
      resourceTypes: [{ type: 'aws_eks_cluster', resources: 1 }],
    });
  });
});

describe('files as other tools write them', () => {
  const body = JSON.stringify(plan([{ address: 'aws_vpc.main', values: { cidr_block: '10.0.0.0/16' } }]));
  const bigEndian = Buffer.from(body, 'utf16le');
  bigEndian.swap16();

  it.each([
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])],
    ['UTF-16 LE with a mark (PowerShell 5 `>`)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')])],
    ['UTF-16 BE with a mark', Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian])],
  ])('reads %s', (name, bytes) => {
    const model = loadInput(file(`${name.replace(/\W+/g, '-')}.json`, bytes));
    expect(model.kind).toBe('plan');
    expect(model.byAddress.has('aws_vpc.main')).toBe(true);
  });

  it('refuses UTF-16 without a mark with a hint, exit 2', () => {
    const result = run(file('no-bom.json', Buffer.from(body, 'utf16le')));
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain('looks like UTF-16 without a byte-order mark: save it as UTF-8');
  });

  it('refuses deeply nested JSON with a message and exit 2, no stack trace', () => {
    const result = run(file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^review: .*deep\.json (nests objects or lists more than 256 levels deep|is not JSON \(nested too deeply to parse\))/);
    expect(result.stderr).not.toContain('    at ');
  });
});
