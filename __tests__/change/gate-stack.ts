import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFiles } from './module-plans';
import { pendingChanges, resourceSchemas, stateFromPlan } from './plan-state';

/**
 * A small web + database stack in HCL, the way people write one by hand, for the change-gate table:
 * a public web server (its group already open to the world on 443, a finding before any change), a
 * MySQL database in two private subnets that admits the web group on 3306. Each scenario is one
 * change to it. All scenarios sit side by side as module calls of one root, so one `terraform plan`
 * (one provider start, one schema load) plans them all; `planSlice` (module-plans.ts) cuts the plan per module call.
 */
export interface GateStack {
  /** Ports of the web group open to 0.0.0.0/0. */
  readonly worldPorts: readonly number[];
  readonly backupDays: number;
  readonly dbPublic: boolean;
  readonly instanceType: string;
  readonly engine: 'mysql' | 'mariadb';
  /** The database: kept, deleted from the configuration, or forgotten by a `removed` block. */
  readonly database: 'kept' | 'deleted' | 'forgotten';
  /** The web server's resource name; `server` comes with a `moved` block from `web`. */
  readonly webName: 'web' | 'server';
}

export const BASE_STACK: GateStack = { worldPorts: [443], backupDays: 7, dbPublic: false, instanceType: 't3.micro', engine: 'mysql', database: 'kept', webName: 'web' };

const worldIngress = (port: number): string => `
  ingress {
    description = "port ${port} from anywhere"
    from_port   = ${port}
    to_port     = ${port}
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }`;

const DATABASE = (stack: GateStack): string => `
resource "aws_db_instance" "db" {
  identifier                  = "\${var.name}-db"
  engine                      = "${stack.engine}"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  storage_type                = "gp3"
  storage_encrypted           = true
  username                    = "admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.db.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  backup_retention_period     = ${stack.backupDays}
  publicly_accessible         = ${stack.dbPublic}
  skip_final_snapshot         = true
}
`;

const FORGET = `
removed {
  from = aws_db_instance.db

  lifecycle {
    destroy = false
  }
}
`;

const MOVE = `
moved {
  from = aws_instance.web
  to   = aws_instance.server
}
`;

/** The module's main.tf for one variant of the stack. */
export function stackModule(stack: GateStack): string {
  return `variable "name" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
  tags       = { Name = var.name }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.0.0/24"
  availability_zone = "ap-northeast-2a"
  tags              = { Name = "\${var.name}-public" }
}

resource "aws_subnet" "db" {
  for_each          = { a = "10.20.10.0/24", c = "10.20.11.0/24" }
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = "ap-northeast-2\${each.key}"
  tags              = { Name = "\${var.name}-db-\${each.key}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "web" {
  name        = "\${var.name}-web"
  description = "web server"
  vpc_id      = aws_vpc.main.id
${stack.worldPorts.map(worldIngress).join('\n')}

  egress {
    description = "anywhere"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name        = "\${var.name}-db"
  description = "database"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "MySQL from the web server"
    from_port       = 3306
    to_port         = 3306
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }
}

resource "aws_instance" "${stack.webName}" {
  ami                         = "ami-0c9c942bd7bf113a2"
  instance_type               = "${stack.instanceType}"
  subnet_id                   = aws_subnet.public.id
  vpc_security_group_ids      = [aws_security_group.web.id]
  associate_public_ip_address = true

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    encrypted   = true
    volume_size = 8
    volume_type = "gp3"
  }

  tags = { Name = "\${var.name}-web" }
}
${stack.webName === 'server' ? MOVE : ''}
resource "aws_db_subnet_group" "db" {
  name       = "\${var.name}-db"
  subnet_ids = [for subnet in aws_subnet.db : subnet.id]
}
${stack.database === 'kept' ? DATABASE(stack) : stack.database === 'forgotten' ? FORGET : ''}`;
}

const ROOT = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "ap-northeast-2"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  default_tags {
    tags = { Environment = "dev" }
  }
}
`;

/**
 * The files of a root calling one module per named variant. `nameOf` gives the `name` each call passes
 * (its resources' names and tags): by default the call's own name, with dashes.
 */
export function gateFiles(variants: Readonly<Record<string, GateStack>>, nameOf = (call: string): string => call.replace(/_/g, '-')): Readonly<Record<string, string>> {
  const calls = Object.keys(variants).map((name) => `\nmodule "${name}" {\n  source = "./modules/${name}"\n  name   = "${nameOf(name)}"\n}\n`);
  return {
    'main.tf': `${ROOT}${calls.join('')}`,
    ...Object.fromEntries(Object.entries(variants).map(([name, stack]) => [join('modules', name, 'main.tf'), stackModule(stack)])),
  };
}

/** The scenarios' base stack "applied": a state made by plan-state.ts, committed so that the test plans twice, not five times. */
export const GATE_STATE = join(__dirname, 'terraform', 'gate-state.json');

/**
 * The state every scenario starts from: the committed one, or (when it is missing) a fresh one,
 * settled from plans of the base stack and written for the next run. Like the provider, it stores
 * `replicate_source_db = ""` for a primary database (hashicorp/terraform-provider-aws reads the API's
 * empty ReadReplicaSourceDBInstanceIdentifier into it).
 */
export async function gateState(modules: readonly string[], report: (line: string) => void): Promise<unknown> {
  if (existsSync(GATE_STATE)) {
    return JSON.parse(readFileSync(GATE_STATE, 'utf8'));
  }
  const files = gateFiles(Object.fromEntries(modules.map((name) => [name, BASE_STACK])));
  const fresh = await planFiles(join('.tmp', 'change-gate', 'fresh'), files);
  const schemas = await resourceSchemas(join('.tmp', 'change-gate', 'fresh'));
  let state = stateFromPlan(fresh.plan, schemas);
  for (let round = 0; round < 5; round += 1) {
    const { plan } = await planFiles(join('.tmp', 'change-gate', 'settle'), files, state);
    if (pendingChanges(plan).length === 0) {
      break;
    }
    state = stateFromPlan(plan, schemas, state);
  }
  const settled = asProviderStores(state);
  writeFileSync(GATE_STATE, `${JSON.stringify(settled, null, 1)}\n`);
  report(`change gate: ${GATE_STATE} was missing; settled a new one (commit it)`);
  return settled;
}

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function asProviderStores(state: Json): Json {
  const resources = (Array.isArray(state.resources) ? state.resources : []).map((resource) =>
    isJson(resource) && resource.type === 'aws_db_instance' && Array.isArray(resource.instances)
      ? { ...resource, instances: resource.instances.map((instance) => (isJson(instance) && isJson(instance.attributes) ? { ...instance, attributes: { ...instance.attributes, replicate_source_db: '' } } : instance)) }
      : resource,
  );
  return { ...state, resources };
}
