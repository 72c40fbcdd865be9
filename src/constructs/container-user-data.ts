/** What the instance runs: one container, published on the instance port. */
export interface ContainerSpec {
  /** Docker Hub name, public ECR or private ECR URI. */
  readonly image: string;
  /** Port published on the instance (the target group port). */
  readonly hostPort: number;
  /** Port the container listens on inside. */
  readonly containerPort: number;
  /** Environment variables; values may hold Terraform references, never secrets. */
  readonly environment: Readonly<Record<string, string>>;
  /** CloudWatch Logs group (created with its retention elsewhere) that receives the container's output. */
  readonly logGroupName: string;
  /** Region of the log group. */
  readonly region: string;
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;

/** The private ECR registry and its region, when the image lives in one. */
export function ecrRegistry(image: string): { registry: string; region: string } | undefined {
  const match = ECR_URI.exec(image);
  return match === null ? undefined : { registry: match[0].slice(0, -1), region: match[2] };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * A cloud-init shell script for Amazon Linux 2023: installs Docker, logs in to ECR when the image is
 * a private ECR URI (with the instance role), and runs the container, restarted on failure and reboot.
 */
export function containerUserData(spec: ContainerSpec): string {
  for (const name of Object.keys(spec.environment)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`container environment variable name ${JSON.stringify(name)} is not a valid shell name`);
    }
  }
  const ecr = ecrRegistry(spec.image);
  const envFlags = Object.entries(spec.environment).map(([name, value]) => `  -e ${shellQuote(`${name}=${value}`)} \\`);
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    'dnf install -y docker',
    'systemctl enable --now docker',
    ...(ecr === undefined
      ? []
      : [`aws ecr get-login-password --region ${ecr.region} | docker login --username AWS --password-stdin ${ecr.registry}`]),
    `docker pull ${shellQuote(spec.image)}`,
    'docker run -d --name app --restart unless-stopped \\',
    `  -p ${spec.hostPort}:${spec.containerPort} \\`,
    `  --log-driver awslogs --log-opt awslogs-region=${spec.region} --log-opt awslogs-group=${shellQuote(spec.logGroupName)} \\`,
    ...envFlags,
    `  ${shellQuote(spec.image)}`,
    '',
  ].join('\n');
}
