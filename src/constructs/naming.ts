/** Builds the `<project>-<env>-<role>[-<az>]` names every resource carries in its Name tag. */
export class Naming {
  /** `<project>-<env>`, the prefix of every name. */
  public readonly prefix: string;

  constructor(
    public readonly project: string,
    public readonly environment: string,
  ) {
    this.prefix = `${project}-${environment}`;
  }

  /** `three-tier-dev-public-ap-northeast-2a` for role `public` and AZ `ap-northeast-2a`. */
  public name(role: string, availabilityZone?: string): string {
    return availabilityZone === undefined ? `${this.prefix}-${role}` : `${this.prefix}-${role}-${availabilityZone}`;
  }

  /** The tags for a resource: its Name, plus any extra tags. */
  public tags(role: string, availabilityZone?: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { Name: this.name(role, availabilityZone), ...extra };
  }
}
