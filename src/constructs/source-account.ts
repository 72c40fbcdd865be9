/**
 * The condition that lets a service assume a role only when it acts for this account: without it,
 * the service acting for any account that learns the role's ARN could (the confused deputy).
 */
export function sourceAccount(accountId: string | undefined): { Condition?: { StringEquals: { 'aws:SourceAccount': string } } } {
  return accountId === undefined ? {} : { Condition: { StringEquals: { 'aws:SourceAccount': accountId } } };
}
