import { WALKTHROUGH_DEV, configFor, resourcesOf, synthEnvironment } from '../support/stacks';
import { obj, parseObject } from './support/json';
import { monthlyOfKey, reviewEnvironment } from './support/review-stack';

describe('the lean dev preset', () => {
  const lean = reviewEnvironment('dev');
  const walkthrough = reviewEnvironment('dev', WALKTHROUGH_DEV);

  it("costs at most 40 % of the walk-throughs' topology, both priced by the same review in the same run", () => {
    expect(lean.cost.unknownLines).toBe(0);
    expect(walkthrough.cost.unknownLines).toBe(0);
    process.stdout.write(`dev ${lean.cost.total.toFixed(2)} USD/month, walk-through topology ${walkthrough.cost.total.toFixed(2)} USD/month (${((100 * lean.cost.total) / walkthrough.cost.total).toFixed(1)} %)\n`);
    expect(lean.cost.total).toBeLessThanOrEqual(0.4 * walkthrough.cost.total);
  });

  it("is that topology's opposite in each choice: one ALB, a NAT instance, Graviton tiers, no bastion, the smallest RDS class", () => {
    const dev = synthEnvironment('dev');
    expect(Object.keys(resourcesOf(dev, 'aws_lb'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(dev, 'aws_nat_gateway'))).toHaveLength(0);
    expect(Object.keys(resourcesOf(dev, 'aws_network_interface'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(dev, 'aws_instance'))).toHaveLength(0);
    expect(
      Object.values(resourcesOf(dev, 'aws_launch_template'))
        .map((template) => [template.instance_type, template.image_id])
        .sort(),
    ).toEqual([
      ['t4g.micro', 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'],
      ['t4g.nano', 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'],
      ['t4g.small', 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'],
    ]);
    expect(Object.values(resourcesOf(dev, 'aws_db_instance'))[0].instance_class).toBe('db.t4g.micro');
    expect(monthlyOfKey(walkthrough, /^nat:/)).toBeGreaterThan(40);
    expect(monthlyOfKey(lean, /^nat:/)).toBe(0);
  });

  it('still has two AZs, the three subnet tiers, both app tiers, an ALB, RDS and private instances with internet egress', () => {
    const dev = synthEnvironment('dev');
    expect(
      Object.values(resourcesOf(dev, 'aws_subnet'))
        .map((subnet) => obj(subnet.tags).Tier)
        .sort(),
    ).toEqual(['app', 'app', 'db', 'db', 'public', 'public']);
    expect(Object.keys(resourcesOf(dev, 'aws_autoscaling_group'))).toHaveLength(3);
    const egress = Object.values(resourcesOf(dev, 'aws_route')).filter((route) => route.destination_cidr_block === '0.0.0.0/0' && route.network_interface_id !== undefined);
    expect(egress).toHaveLength(2);
  });

  it('gets a bastion back, with its Elastic IP, when admin CIDRs are set', () => {
    const withAdmins = synthEnvironment('dev', { TT__access__adminCidrs: '["203.0.113.10/32"]' });
    expect(Object.keys(resourcesOf(withAdmins, 'aws_instance'))).toHaveLength(1);
    expect(Object.values(resourcesOf(withAdmins, 'aws_eip')).some((eip) => eip.instance !== undefined)).toBe(true);
    expect(configFor('dev').access.bastion.enabled).toBe(false);
  });
});

describe('nothing stays billable after cdktf destroy dev', () => {
  const dev = synthEnvironment('dev');

  it('keeps no final snapshot and no automated backups of the database', () => {
    const [db] = Object.values(resourcesOf(dev, 'aws_db_instance'));
    expect(db).toMatchObject({ skip_final_snapshot: true, delete_automated_backups: true, deletion_protection: false });
    expect(db.lifecycle === undefined || obj(db.lifecycle).prevent_destroy !== true).toBe(true);
  });

  it('allocates every Elastic IP it uses itself (no allocation id from outside, none kept on destroy)', () => {
    const all = parseObject(dev);
    expect(all.data).toBeUndefined();
    for (const nat of Object.values(resourcesOf(dev, 'aws_nat_gateway'))) {
      expect(String(nat.allocation_id)).toMatch(/^\$\{aws_eip\./);
    }
    for (const byName of Object.values(obj(all.resource))) {
      for (const resource of Object.values(obj(byName)).map((value) => obj(value))) {
        expect(resource.lifecycle === undefined || obj(resource.lifecycle).prevent_destroy !== true).toBe(true);
        expect(JSON.stringify(resource)).not.toMatch(/eipalloc-/);
      }
    }
  });

  it('lets destroy empty any bucket and delete the KMS key it has (none in dev)', () => {
    for (const bucket of Object.values(resourcesOf(dev, 'aws_s3_bucket'))) {
      expect(bucket.force_destroy).toBe(true);
    }
    expect(Object.keys(resourcesOf(dev, 'aws_kms_key'))).toHaveLength(0);
  });
});
