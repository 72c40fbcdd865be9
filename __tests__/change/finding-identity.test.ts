import fc from 'fast-check';
import { reviewChange } from '../../src/review/change/change-review';
import { findingsDelta } from '../../src/review/change/findings-delta';
import { modelFromJson } from '../../src/review/load';
import type { Model } from '../../src/review/model';
import type { Finding, FindingSubject } from '../../src/review/rules/types';

/** A finding as a rule would give it; the message deliberately says nothing the comparison may read. */
function finding(id: string, address: string, severity: Finding['severity'], subject?: FindingSubject): Finding {
  return { id, address, severity, message: `message of ${id} on ${address}`, fix: '', peers: [], ...(subject === undefined ? {} : { subject }) };
}

const tcp = (port: number): { protocol: string; from: number; to: number } => ({ protocol: 'tcp', from: port, to: port });
const world = (group: string, ...ports: number[]): FindingSubject => ({ about: group, ports: ports.map(tcp), facts: ['0.0.0.0/0'] });

describe('findings compared by what they say', () => {
  test('a group already open to the world on 443 that now also opens 3306: the 3306 finding is new', () => {
    const before = [finding('TT-SG-001', 'aws_security_group.web', 'error', world('aws_security_group.web', 443))];
    const after = [finding('TT-SG-001', 'aws_security_group.web', 'error', world('aws_security_group.web', 443)), finding('TT-SG-001', 'aws_security_group.web', 'error', world('aws_security_group.web', 3306))];
    const delta = findingsDelta(before, after);
    expect(delta.introduced).toEqual([after[1]]);
    expect(delta.unchanged).toEqual([after[0]]);
    expect(delta.fixed).toEqual([]);
  });

  test('rules renumbered by count compare on their group: only the port nobody opened before is new', () => {
    const before = [finding('TT-SG-001', 'aws_security_group_rule.world[0]', 'error', world('aws_security_group.web', 443))];
    const after = [
      finding('TT-SG-001', 'aws_security_group_rule.world[0]', 'error', world('aws_security_group.web', 3306)),
      finding('TT-SG-001', 'aws_security_group_rule.world[1]', 'error', world('aws_security_group.web', 443)),
    ];
    expect(findingsDelta(before, after).introduced).toEqual([after[0]]);
  });

  test('a wider range or a new source is new; a narrower one is not', () => {
    const before = [finding('TT-SG-001', 'g', 'error', { about: 'g', ports: [{ protocol: 'tcp', from: 80, to: 443 }], facts: ['0.0.0.0/0'] })];
    const wider = finding('TT-SG-001', 'g', 'error', { about: 'g', ports: [{ protocol: 'tcp', from: 80, to: 8080 }], facts: ['0.0.0.0/0'] });
    const ipv6 = finding('TT-SG-001', 'g', 'error', { about: 'g', ports: [tcp(443)], facts: ['0.0.0.0/0', '::/0'] });
    const narrower = finding('TT-SG-001', 'g', 'error', { about: 'g', ports: [tcp(443)], facts: ['0.0.0.0/0'] });
    expect(findingsDelta(before, [wider]).introduced).toEqual([wider]);
    expect(findingsDelta(before, [ipv6]).introduced).toEqual([ipv6]);
    expect(findingsDelta(before, [narrower]).introduced).toEqual([]);
    expect(findingsDelta(before, [narrower]).fixed).toEqual(before);
  });

  test('backups from 7 (no finding) or 3 days (a warning) to 0 (an error) are new; the same value is not', () => {
    const off = finding('TT-RDS-003', 'aws_db_instance.db', 'error', { values: { backup_retention_period: 0 } });
    const short = finding('TT-RDS-003', 'aws_db_instance.db', 'warning', { values: { backup_retention_period: 3 } });
    expect(findingsDelta([], [off]).introduced).toEqual([off]);
    expect(findingsDelta([short], [off]).introduced).toEqual([off]);
    expect(findingsDelta([short], [finding('TT-RDS-003', 'aws_db_instance.db', 'warning', { values: { backup_retention_period: 1 } })]).introduced).toHaveLength(1);
    expect(findingsDelta([off], [off]).introduced).toEqual([]);
  });

  test('the same finding at a higher severity is a newly introduced error; at a lower one it is not new', () => {
    const warning = finding('TT-RDS-002', 'aws_db_instance.db', 'warning');
    const error = finding('TT-RDS-002', 'aws_db_instance.db', 'error');
    expect(findingsDelta([warning], [error]).introduced).toEqual([error]);
    expect(findingsDelta([error], [warning]).introduced).toEqual([]);
  });

  test('a message that reads differently (a renamed Name tag) is the same finding', () => {
    const before = finding('TT-RDS-001', 'aws_db_instance.db', 'error');
    expect(findingsDelta([before], [{ ...before, message: 'another name stores its data unencrypted' }]).introduced).toEqual([]);
  });

  test('property: a finding is new exactly when it names a port no finding before named on its group', () => {
    const ports = fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(ports, ports, (was, now) => {
        const before = was.map((port) => finding('TT-SG-001', `rule${port}`, 'error', world('g', port)));
        const after = now.map((port) => finding('TT-SG-001', `other${port}`, 'error', world('g', port)));
        const introduced = findingsDelta(before, after).introduced.map((item) => item.subject?.ports?.[0].from);
        expect(introduced.sort()).toEqual(now.filter((port) => !was.includes(port)).sort());
      }),
    );
  });
});

/** A stack with a public web server whose group opens `ports` to the world, written as cdk.tf.json. */
function webStack(ports: readonly number[], extra: Record<string, unknown> = {}): Model {
  const json = {
    provider: { aws: [{ region: 'ap-northeast-2', default_tags: [{ tags: { Environment: 'dev' } }] }] },
    resource: {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      aws_internet_gateway: { main: { vpc_id: '${aws_vpc.main.id}' } },
      aws_subnet: { public: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.0.0/24', availability_zone: 'ap-northeast-2a' } },
      aws_route_table: { public: { vpc_id: '${aws_vpc.main.id}', route: [{ cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.main.id}' }] } },
      aws_route_table_association: { public: { subnet_id: '${aws_subnet.public.id}', route_table_id: '${aws_route_table.public.id}' } },
      aws_security_group: {
        web: {
          vpc_id: '${aws_vpc.main.id}',
          description: 'web',
          ingress: ports.map((port) => ({ description: `port ${port}`, from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] })),
          egress: [{ description: 'all', from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
        },
      },
      aws_instance: {
        web: {
          ami: 'ami-0c9c942bd7bf113a2',
          instance_type: 't3.micro',
          subnet_id: '${aws_subnet.public.id}',
          vpc_security_group_ids: ['${aws_security_group.web.id}'],
          associate_public_ip_address: true,
          metadata_options: { http_tokens: 'required' },
          root_block_device: { encrypted: true, volume_size: 8 },
        },
      },
      ...extra,
    },
  };
  return modelFromJson(json, `web stack ${ports.join(',')}`);
}

describe('the change gate on findings', () => {
  test('a second world-open port on an already-open group blocks, and says which port', () => {
    const change = reviewChange({ before: webStack([443]), after: webStack([443, 3306]), planned: undefined });
    expect(change.exitCode).toBe(1);
    expect(change.blocking).toEqual([expect.stringMatching(/^new error TT-SG-001 on aws_security_group\.web: .* on tcp\/3306$/)]);
    expect(change.headline).toBe('opens 1 path, broadens 1 permission, 1 new error');
  });

  test('the same group with its rules listed in another order is no change', () => {
    const change = reviewChange({ before: webStack([443, 8443]), after: webStack([8443, 443]), planned: undefined });
    expect([change.exitCode, change.findings.introduced, change.findings.fixed]).toEqual([0, [], []]);
  });
});
