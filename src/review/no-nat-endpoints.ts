/**
 * What instances without NAT need to boot a container and be managed: ECR (API and registry) for
 * private images, CloudWatch Logs for the awslogs driver, Secrets Manager for the DB credentials,
 * and SSM, SSM messages and EC2 messages for Session Manager. Image layers come from S3, through
 * the (free) gateway endpoint. The stacks build these with `natMode: none`; the review prices them
 * as what dropping NAT adds.
 */
export const NO_NAT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages'] as const;
