import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Construct } from 'constructs';
import { Naming } from './naming';

/** The header that shows the closed page at any hour (a preview); nothing else matches the rule by day. */
export const CLOSED_PAGE_PREVIEW_HEADER = 'X-Closed-Hours-Preview';

/** Before every routing rule: at night it answers every request. */
export const CLOSED_PAGE_PRIORITY = 1;

/** A listener rule condition as the ELB API's ModifyRule takes it (what EventBridge Scheduler sends). */
export interface RuleConditionInput {
  readonly Field: 'path-pattern' | 'http-header';
  readonly PathPatternConfig?: { readonly Values: readonly string[] };
  readonly HttpHeaderConfig?: { readonly HttpHeaderName: string; readonly Values: readonly string[] };
}

/** At night: every path. */
export const CLOSED_CONDITIONS: readonly RuleConditionInput[] = [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }];
/** By day: only a request that asks for the preview. */
export const OPEN_CONDITIONS: readonly RuleConditionInput[] = [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: CLOSED_PAGE_PREVIEW_HEADER, Values: ['1'] } }];

export interface ClosedPageProps {
  readonly naming: Naming;
  /** Names the rule, such as `alb`. */
  readonly role: string;
  /** The listener requests are served on. */
  readonly listenerArn: string;
  /** IANA zone of the hours, such as `Asia/Seoul`. */
  readonly timeZone: string;
  /** Cron day names, such as `MON-FRI`. */
  readonly days: string;
  /** `hh:mm`. */
  readonly start: string;
  /** `hh:mm`. */
  readonly stop: string;
}

/** ELB limits a fixed response body to 1024 characters. */
const MAX_BODY = 1024;

/**
 * A short page for the hours the app sleeps: an ALB answers a bare 503 when its target group has no
 * instance, and it cannot fall back to another action by itself (a rule matches or not, whatever
 * the targets' health). So a listener rule before every other, whose fixed response says when the
 * app is back, is switched by EventBridge Scheduler (see OfficeHours): at `stop` its condition
 * becomes every path, after `start` a header nobody sends. Terraform ignores the condition it does
 * not own after creation, so a deploy at night leaves the page in place.
 */
export class ClosedPage extends Construct {
  public readonly rule: LbListenerRule;
  public readonly body: string;

  constructor(scope: Construct, id: string, props: ClosedPageProps) {
    super(scope, id);
    const hours = `${props.days} ${props.start}-${props.stop} (${props.timeZone})`;
    this.body = [
      '<!doctype html><html><head><meta charset="utf-8"><title>Back at ',
      props.start,
      '</title></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto">',
      `<h1>Back at ${props.start}</h1>`,
      `<p>This app runs ${hours} and sleeps outside those hours. It is back a few minutes after ${props.start}.</p>`,
      `<p lang="ko">이 앱은 ${hours}에만 운영합니다. ${props.start} 몇 분 뒤에 다시 열립니다.</p>`,
      '</body></html>',
    ].join('');
    if (this.body.length > MAX_BODY) {
      throw new Error(`ClosedPage ${props.role}: the page is ${this.body.length} characters; ELB allows ${MAX_BODY}`);
    }
    this.rule = new LbListenerRule(this, 'rule', {
      listenerArn: props.listenerArn,
      priority: CLOSED_PAGE_PRIORITY,
      action: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/html', statusCode: '503', messageBody: this.body } }],
      condition: [{ httpHeader: { httpHeaderName: CLOSED_PAGE_PREVIEW_HEADER, values: ['1'] } }],
      tags: props.naming.tags(`${props.role}-closed-page`),
      // The office-hours schedules own the condition from now on.
      lifecycle: { ignoreChanges: ['condition'] },
    });
  }
}
