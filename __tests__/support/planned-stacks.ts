import { alarmsBroken, alarmsClean } from '../review/fixtures/zone-and-alarm-stacks';
import { PROD_TEST_DOMAIN, synthEnvironment, type Overrides } from './stacks';

/**
 * The stacks test files of the terraform tier plan with `sharedPlan`, defined once here, where the
 * plan batch (plan-batch.ts) finds them: `npm test` plans them all as module calls of one root while
 * the other tiers run, and each test file then reads its stack's cut of that plan. A test that plans a
 * stack missing from this list still works; it plans it alone.
 */

/** Prod with a registrable domain: the preset's example.com must fail to plan (the Domain construct). */
export const PROD: Overrides = { TT_PROD__dns__domain: PROD_TEST_DOMAIN };

const ECR_IMAGE = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:1.0.0';

/** Dev with one ALB for both tiers, no NAT at all (interface endpoints instead) and private ECR images. */
export const DEV_SHARED_ALB_NO_NAT: Overrides = {
  TT__loadBalancing__topology: 'shared',
  TT__loadBalancing__accessLogs: 'true',
  TT__network__natMode: 'none',
  TT__frontend__image: ECR_IMAGE,
  TT__backend__image: ECR_IMAGE,
};

/** Prod in a hosted zone it is given, one ALB with the API on the same origin, being retired (README). */
export const PROD_EXISTING_ZONE: Overrides = {
  ...PROD,
  TT_PROD__dns__hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  TT_PROD__loadBalancing__topology: 'shared',
  TT_PROD__loadBalancing__sameOriginApi: 'true',
  TT_PROD__retiring: 'true',
};

/** Dev with every option of issues 12 and 19 on: NAT instances per zone, office hours, a budget, alerts. */
export const DEV_EVERYTHING: Overrides = {
  TT__network__natMode: 'instance',
  TT__network__natInstancePerAz: 'true',
  TT__schedule__enabled: 'true',
  TT__budget__monthlyUsd: '70',
  TT__budget__email: 'learner@example.com',
  TT__access__bastion__enabled: 'false',
  // Alerts, with the customer key their topic needs, on NAT instances and office hours.
  TT__alerts__enabled: 'true',
  TT__encryption__customerKey: 'true',
  TT__alerts__emails: '["learner@example.com"]',
};

/**
 * A small stack with every kind of content a cut from the batch must carry over (plan-modules.ts):
 * outputs (one sensitive, one with a precondition), a local, default tags, a resource precondition and
 * a check block. npm run plan:offline plans it alone in scripts/terraform/plan-offline.test.ts, and
 * its cut must equal that plan.
 */
export const CUT_CHECK = {
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } }, backend: { s3: { bucket: 'b', key: 'cut-check', region: 'ap-northeast-2' } } },
  provider: { aws: [{ region: 'ap-northeast-2', default_tags: { tags: { Project: 'cut-check' } } }] },
  locals: { name: 'cut-check', cidr: '10.40.0.0/16' },
  resource: {
    aws_vpc: {
      main: {
        cidr_block: '${local.cidr}',
        tags: { Name: '${local.name}' },
        lifecycle: { precondition: [{ condition: '${can(cidrhost(local.cidr, 0))}', error_message: 'local.cidr is not a CIDR' }] },
      },
    },
    aws_subnet: { app: { vpc_id: '${aws_vpc.main.id}', cidr_block: '${cidrsubnet(local.cidr, 8, 1)}', availability_zone: 'ap-northeast-2a' } },
  },
  check: { subnet_inside: { assert: [{ condition: '${cidrsubnet(local.cidr, 8, 1) != local.cidr}', error_message: 'the subnet is the whole VPC' }] } },
  output: {
    vpc_id: { value: '${aws_vpc.main.id}' },
    subnet_cidr: { value: '${aws_subnet.app.cidr_block}', precondition: [{ condition: '${aws_subnet.app.availability_zone != ""}', error_message: 'no zone' }] },
    name_token: { value: '${local.name}-token', sensitive: true },
  },
};

/** Every stack of the batch, synthesized, by name. */
export function plannedStacks(): Readonly<Record<string, string>> {
  return {
    dev: synthEnvironment('dev'),
    prod: synthEnvironment('prod', PROD),
    'dev-shared-alb-no-nat': synthEnvironment('dev', DEV_SHARED_ALB_NO_NAT),
    'prod-existing-zone': synthEnvironment('prod', PROD_EXISTING_ZONE),
    'dev-everything': synthEnvironment('dev', DEV_EVERYTHING),
    'alarms-clean': JSON.stringify(alarmsClean),
    'alarms-broken': JSON.stringify(alarmsBroken),
    'cut-check': JSON.stringify(CUT_CHECK),
  };
}
