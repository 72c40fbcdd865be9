import { reviewChange } from '../../src/review/change/change-review';
import { modelFromJson } from '../../src/review/load';
import type { Model } from '../../src/review/model';
import { renderChangeMarkdown } from '../../src/review/render/change-markdown';

/** A public web server with an Elastic IP and a database, written as cdk.tf.json; `web` names the server's resource. */
function stack(web: string, options: { readonly database?: boolean; readonly elb?: boolean } = {}): Model {
  const json = {
    provider: { aws: [{ region: 'ap-northeast-2' }] },
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
          ingress: [{ description: 'https', from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }],
          egress: [{ description: 'all', from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
        },
      },
      aws_instance: {
        [web]: {
          ami: 'ami-0c9c942bd7bf113a2',
          instance_type: 't3.micro',
          subnet_id: '${aws_subnet.public.id}',
          vpc_security_group_ids: ['${aws_security_group.web.id}'],
          metadata_options: { http_tokens: 'required' },
          root_block_device: { encrypted: true, volume_size: 8 },
        },
      },
      aws_eip: { web: { domain: 'vpc', instance: `\${aws_instance.${web}.id}` } },
      ...(options.database === false
        ? {}
        : {
            aws_db_instance: {
              db: {
                engine: 'mysql',
                instance_class: 'db.t4g.micro',
                allocated_storage: 20,
                storage_encrypted: true,
                backup_retention_period: 7,
                vpc_security_group_ids: ['${aws_security_group.web.id}'],
                skip_final_snapshot: true,
              },
            },
          }),
      ...(options.elb === true ? { aws_elb: { legacy: { availability_zones: ['ap-northeast-2a'], listener: [{ instance_port: 443, instance_protocol: 'tcp', lb_port: 443, lb_protocol: 'tcp' }] } } } : {}),
    },
  };
  return modelFromJson(json, `stack ${web}`);
}

describe('moved blocks: a move is a move', () => {
  test('a renamed resource with its moved block: one move, no delete or create, no path, cost or finding change', () => {
    const change = reviewChange({ before: stack('web'), after: stack('server'), planned: undefined, moves: new Map([['aws_instance.web', 'aws_instance.server']]) });
    expect(change.resources.map((entry) => [entry.action, entry.address, entry.movedFrom])).toEqual([['move', 'aws_instance.server', 'aws_instance.web']]);
    expect([change.reachability.opened, change.reachability.closed, change.cost.lines, change.findings.introduced, change.findings.fixed]).toEqual([[], [], [], [], []]);
    expect([change.exitCode, change.headline]).toEqual([0, 'moves 1 resource']);
    expect(renderChangeMarkdown(change)).toContain('| Type | create | update | replace | delete | move |');
  });

  test('without the moved block the same rename is a delete and a create (what Terraform would do)', () => {
    const change = reviewChange({ before: stack('web'), after: stack('server'), planned: undefined });
    expect(
      change.resources
        .filter((entry) => entry.type === 'aws_instance')
        .map((entry) => entry.action)
        .sort(),
    ).toEqual(['create', 'delete']);
  });
});

describe('removed blocks with destroy = false: a forgotten resource still exists', () => {
  test('it keeps its paths, its cost and its findings, and a stateful one blocks nothing', () => {
    const change = reviewChange({ before: stack('web'), after: stack('web', { database: false }), planned: undefined, forgotten: new Set(['aws_db_instance.db']) });
    expect(change.resources.map((entry) => [entry.action, entry.address, entry.blocking])).toEqual([['forget', 'aws_db_instance.db', false]]);
    expect(change.resources[0].note).toMatch(/not destroyed: it keeps running, costing and serving its paths/);
    expect([change.reachability.closed, change.cost.lines, change.findings.fixed]).toEqual([[], [], []]);
    expect([change.exitCode, change.headline]).toEqual([0, 'forgets 1 resource (it keeps running and costing, unmanaged)']);
  });
});

describe('headline money', () => {
  test('an unpriced resource and no priced difference: "cost change unknown", never -$0.00 or +$0.00', () => {
    const change = reviewChange({ before: stack('web'), after: stack('web', { elb: true }), planned: undefined });
    expect(change.headline).toContain('cost change unknown: 1 resource unpriced');
    expect(change.headline).not.toMatch(/\$0\.00/);
  });

  test('an unpriced resource the change leaves alone is not mentioned', () => {
    const change = reviewChange({ before: stack('web', { elb: true }), after: stack('web', { elb: true }), planned: undefined });
    expect(change.headline).toBe('no change');
  });
});
