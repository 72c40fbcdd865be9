/**
 * The SSM parameter of the latest Amazon Linux 2023 AMI for an instance type, resolved by EC2 at
 * launch: no AMI data source, so plans stay offline and images stay current.
 */
export function amazonLinux2023(instanceType: string): string {
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${isGraviton(instanceType) ? 'arm64' : 'x86_64'}`;
}

/** Graviton families carry a `g` after the generation digit: t4g, m7g, c7gn, r8g. */
export function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}
