import { resourcesOf, synthEnvironment } from '../support/stacks';
import { AlbListener, type ApiCondition } from './support/alb-routing';

const dev = synthEnvironment('dev');

function only<T>(record: Record<string, T>, test: (value: T) => boolean): [string, T] {
  const found = Object.entries(record).filter(([, value]) => test(value));
  expect(found).toHaveLength(1);
  return found[0];
}

const [listenerAddress] = only(resourcesOf(dev, 'aws_lb_listener'), (listener) => listener.port === 80);
const groups = resourcesOf(dev, 'aws_lb_target_group');
const groupArn = (prefix: string): string => `\${aws_lb_target_group.${only(groups, (group) => group.name_prefix === prefix)[0]}.arn}`;
const FRONTEND = { forward: groupArn('front-') };
const BACKEND = { forward: groupArn('backe-') };

interface Schedule {
  readonly name: string;
  readonly expression: string;
  readonly zone: string;
  readonly arn: string;
  readonly input: { RuleArn: string; Conditions: ApiCondition[] };
}

/** The closed page's schedules, in order: close, then open. */
function pageSchedules(synthesized: string): Schedule[] {
  return Object.values(resourcesOf(synthesized, 'aws_scheduler_schedule'))
    .filter((schedule) => String(schedule.name).includes('-page-'))
    .map((schedule) => {
      const target = schedule.target as { arn: string; input: string };
      return { name: String(schedule.name), expression: String(schedule.schedule_expression), zone: String(schedule.schedule_expression_timezone), arn: target.arn, input: JSON.parse(target.input) };
    });
}

describe('the shared ALB of dev, evaluated as an ALB evaluates rules', () => {
  it('sends /api itself to the backend, not only /api/...: `/api/*` alone misses `/api`, which would reach the frontend', () => {
    const alb = new AlbListener(dev, listenerAddress);
    expect(alb.route({ path: '/api' })).toEqual(BACKEND);
    expect(alb.route({ path: '/api/' })).toEqual(BACKEND);
    expect(alb.route({ path: '/api/users/7' })).toEqual(BACKEND);
    expect(alb.route({ path: '/' })).toEqual(FRONTEND);
    expect(alb.route({ path: '/apis' })).toEqual(FRONTEND);
    expect(alb.route({ path: '/app/api' })).toEqual(FRONTEND);
  });

  it('by day the closed page shows only to a request that asks for its preview', () => {
    const alb = new AlbListener(dev, listenerAddress);
    const preview = alb.route({ path: '/', headers: { 'x-closed-hours-preview': '1' } });
    expect(preview).toMatchObject({ fixed: { status: '503' } });
  });

  it('at night (after the 19:00 schedule) every request gets a short page saying when the app is back, and after 09:05 the app again', () => {
    const alb = new AlbListener(dev, listenerAddress);
    const [close, open] = pageSchedules(dev);
    expect([close.expression, close.zone, open.expression, open.zone]).toEqual(['cron(0 19 ? * MON-FRI *)', 'Asia/Seoul', 'cron(5 9 ? * MON-FRI *)', 'Asia/Seoul']);
    expect(close.arn).toBe('arn:aws:scheduler:::aws-sdk:elasticloadbalancingv2:modifyRule');

    alb.modifyRule(close.input.RuleArn, close.input.Conditions);
    for (const path of ['/', '/api', '/api/users/7', '/static/app.js']) {
      const night = alb.route({ path });
      expect(night).toMatchObject({ fixed: { status: '503' } });
      const body = 'fixed' in night ? night.fixed.body : '';
      expect(body).toContain('<h1>Back at 09:00</h1>');
      expect(body).toContain('MON-FRI 09:00-19:00 (Asia/Seoul)');
      expect(body.length).toBeLessThanOrEqual(1024);
    }

    alb.modifyRule(open.input.RuleArn, open.input.Conditions);
    expect(alb.route({ path: '/' })).toEqual(FRONTEND);
    expect(alb.route({ path: '/api' })).toEqual(BACKEND);
  });

  it('the closed page is the first rule (priority 1, the API keeps 10: a changed priority replaces a rule, terraform-provider-aws#24811, and a taken one fails with PriorityInUse), and a deploy at night leaves its condition alone (ignore_changes)', () => {
    const alb = new AlbListener(dev, listenerAddress);
    const rules = resourcesOf(dev, 'aws_lb_listener_rule');
    expect(alb.ruleAddresses().map((address) => rules[address].priority)).toEqual([1, 10]);
    const [, page] = only(rules, (rule) => rule.priority === 1);
    expect(page.lifecycle).toEqual({ ignore_changes: ['condition'] });
  });

  it('only the office-hours role may switch the page, only on these rules, and only for this account', () => {
    const [close] = pageSchedules(dev);
    const policy = only(resourcesOf(dev, 'aws_iam_role_policy'), (candidate) => candidate.name === 'switch-closed-pages')[1];
    expect(JSON.parse(String(policy.policy)).Statement).toEqual([{ Effect: 'Allow', Action: 'elasticloadbalancing:ModifyRule', Resource: [close.input.RuleArn] }]);
    const role = only(resourcesOf(dev, 'aws_iam_role'), (candidate) => String(candidate.name).endsWith('-office-hours'))[1];
    expect(JSON.parse(String(role.assume_role_policy)).Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\$\{aws_vpc\.[^.]+\.owner_id\}$/) } });
  });

  it('without office hours there is no closed page and no schedule to switch one', () => {
    const always = synthEnvironment('dev', { TT__schedule__enabled: 'false' });
    expect(Object.values(resourcesOf(always, 'aws_lb_listener_rule')).map((rule) => rule.priority)).toEqual([10]);
    expect(pageSchedules(always)).toEqual([]);
  });

  it('with an ALB per tier, each serving listener gets its own page', () => {
    const perTier = synthEnvironment('dev', { TT__loadBalancing__topology: 'per-tier' });
    const pages = Object.values(resourcesOf(perTier, 'aws_lb_listener_rule')).filter((rule) => rule.priority === 1);
    expect(new Set(pages.map((rule) => rule.listener_arn)).size).toBe(2);
    expect(pageSchedules(perTier)).toHaveLength(4);
  });
});
