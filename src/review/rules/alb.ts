import { block, blocks, bool, str } from '../json';
import { displayName, ofType, referrers, type Model, type Resource } from '../model';
import type { Rule, Violation } from './types';

function applicationLoadBalancers(model: Model): readonly Resource[] {
  return ofType(model, 'aws_lb', 'aws_alb').filter((lb) => (str(lb.values.load_balancer_type) ?? 'application') === 'application');
}

function internetFacing(lb: Resource): boolean {
  return bool(lb.values.internal) !== true;
}

function listenersOf(model: Model, lb: Resource): readonly Resource[] {
  return referrers(model, lb, 'load_balancer_arn', 'aws_lb_listener', 'aws_alb_listener');
}

function isHttps(listener: Resource): boolean {
  return str(listener.values.protocol)?.toUpperCase() === 'HTTPS';
}

function redirectsToHttps(listener: Resource): boolean {
  return blocks(listener.values, 'default_action').some((action) => action.type === 'redirect' && str(block(action, 'redirect')?.protocol)?.toUpperCase() === 'HTTPS');
}

export const albHttps: Rule = {
  id: 'TT-ALB-001',
  title: 'Internet-facing ALB serves HTTPS',
  severity: 'error',
  fix: 'Add an HTTPS listener with an ACM certificate (DNS-validated in the Route 53 zone).',
  peers: ['CKV_AWS_2'],
  check: ({ model }) =>
    applicationLoadBalancers(model)
      .filter((lb) => internetFacing(lb) && !listenersOf(model, lb).some(isHttps))
      .map((lb): Violation =>
        listenersOf(model, lb).length === 0
          ? // No listener serves nothing, in clear text or not; it may be managed elsewhere.
            { address: lb.address, severity: 'info', message: `${displayName(lb)} has no listener in the input: it serves nothing, or its listeners are managed elsewhere, so HTTPS is not judged` }
          : { address: lb.address, message: `${displayName(lb)} faces the internet with no HTTPS listener: traffic and cookies cross it in clear text` },
      ),
};

export const albRedirect: Rule = {
  id: 'TT-ALB-002',
  title: 'HTTP listeners of an internet-facing ALB redirect to HTTPS',
  severity: 'error',
  fix: "Make the port-80 listener's default action a redirect to HTTPS, port 443, HTTP_301.",
  peers: ['CKV2_AWS_20', 'CKV_AWS_2', 'NIST.800.53.R5-ALBHttpToHttpsRedirection'],
  check: ({ model }) =>
    applicationLoadBalancers(model)
      .filter(internetFacing)
      .flatMap((lb) => listenersOf(model, lb).map((listener) => ({ lb, listener })))
      .filter(({ listener }) => !isHttps(listener) && !redirectsToHttps(listener))
      .map(({ lb, listener }) => ({ address: listener.address, message: `${displayName(lb)} serves plain HTTP on port ${String(listener.values.port ?? 80)} instead of redirecting to HTTPS` })),
};

export const albDropInvalidHeaders: Rule = {
  id: 'TT-ALB-003',
  title: 'ALB drops invalid HTTP headers',
  severity: 'error',
  fix: 'Set drop_invalid_header_fields = true (guards targets against request smuggling through malformed headers).',
  peers: ['CKV_AWS_131', 'NIST.800.53.R5-ALBHttpDropInvalidHeaderEnabled'],
  check: ({ model }) =>
    applicationLoadBalancers(model)
      .filter((lb) => bool(lb.values.drop_invalid_header_fields) !== true)
      .map((lb) => ({ address: lb.address, message: `${displayName(lb)} forwards requests with invalid header fields` })),
};

/** TLS 1.2-or-newer policy names; AWS's default (ELBSecurityPolicy-2016-08) still accepts TLS 1.0. */
const MODERN_TLS_POLICY = /TLS13|TLS-1-2|FS-1-2/;

export const albTlsPolicy: Rule = {
  id: 'TT-ALB-004',
  title: 'HTTPS listeners accept TLS 1.2 or newer only',
  severity: 'warning',
  fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a TLS13-1-3 policy).',
  peers: ['CKV_AWS_103', 'CKV2_AWS_74'],
  check: ({ model }) =>
    ofType(model, 'aws_lb_listener', 'aws_alb_listener')
      .filter((listener) => isHttps(listener) && !MODERN_TLS_POLICY.test(str(listener.values.ssl_policy) ?? ''))
      .map((listener) => ({ address: listener.address, message: `HTTPS listener uses ${str(listener.values.ssl_policy) ?? 'the default policy ELBSecurityPolicy-2016-08'}, which accepts TLS 1.0 and 1.1` })),
};

export const albDeletionProtection: Rule = {
  id: 'TT-ALB-005',
  title: 'ALB deletion protection (production)',
  severity: 'warning',
  fix: 'Set enable_deletion_protection = true in production: a deleted ALB gets a new DNS name.',
  peers: ['CKV_AWS_150', 'NIST.800.53.R5-ELBDeletionProtectionEnabled'],
  check: ({ model, production }) =>
    applicationLoadBalancers(model)
      .filter((lb) => bool(lb.values.enable_deletion_protection) !== true)
      .map((lb) => ({ address: lb.address, severity: production ? 'warning' : 'info', message: `${displayName(lb)} has deletion protection off` })),
};

export const albAccessLogs: Rule = {
  id: 'TT-ALB-006',
  title: 'ALB access logs',
  severity: 'warning',
  fix: 'Add access_logs { bucket, enabled = true } with a bucket whose policy admits the ELB account of the region (600734575887 in ap-northeast-2).',
  peers: ['CKV_AWS_91', 'AwsSolutions-ELB2'],
  check: ({ model, production }) =>
    applicationLoadBalancers(model)
      .filter((lb) => bool(block(lb.values, 'access_logs')?.enabled) !== true)
      .map((lb) => ({ address: lb.address, severity: production ? 'warning' : 'info', message: `${displayName(lb)} keeps no access logs: requests cannot be traced after an incident` })),
};
