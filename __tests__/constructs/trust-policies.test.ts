import { resourcesOf, synthEnvironment } from '../support/stacks';

/** Every role a service (not EC2) assumes, with its trust statement. */
function serviceRoles(synthesized: string): { name: string; service: string; condition: unknown }[] {
  return Object.values(resourcesOf(synthesized, 'aws_iam_role')).flatMap((role) =>
    JSON.parse(String(role.assume_role_policy)).Statement.map((statement: { Principal: { Service?: string }; Condition?: unknown }) => ({
      name: String(role.name),
      service: statement.Principal.Service ?? '',
      condition: statement.Condition,
    })),
  );
}

describe('trust policies of the roles AWS services assume', () => {
  it.each([
    ['dev', synthEnvironment('dev')],
    ['prod', synthEnvironment('prod')],
  ])('%s: Scheduler, flow logs and RDS monitoring assume their role only when acting for this account (aws:SourceAccount, the confused deputy)', (_name, synthesized) => {
    const roles = serviceRoles(synthesized).filter((role) => role.service !== 'ec2.amazonaws.com');
    const services = new Set(roles.map((role) => role.service));
    expect(services).toEqual(new Set(['vpc-flow-logs.amazonaws.com', 'monitoring.rds.amazonaws.com', ...(_name === 'dev' ? ['scheduler.amazonaws.com'] : [])]));
    for (const role of roles) {
      // The VPC's owner is the account: no data source, so plans stay offline.
      expect(role.condition).toEqual({ StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\$\{aws_vpc\.[^.]+\.owner_id\}$/) } });
    }
  });
});
