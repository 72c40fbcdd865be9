// Regenerates src/config/ec2-instance-types.json, the list config validation checks instance types
// against, from the AWS SDK's copy of the EC2 API model (its InstanceType enum):
//
//   cd "$(mktemp -d)" && npm pack @aws-sdk/client-ec2 && tar xzf aws-sdk-client-ec2-*.tgz
//   node --require ./scripts/register-ts.cjs scripts/instance-types.ts <that folder>/package
//
// The package is read as text (its dependencies need not be installed), so nothing is added to
// package.json for a list that changes a few times a year.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = join(__dirname, '..', 'src', 'config', 'ec2-instance-types.json');

function main(packageDir: string | undefined): void {
  if (packageDir === undefined) {
    process.stderr.write('usage: node --require ./scripts/register-ts.cjs scripts/instance-types.ts <unpacked @aws-sdk/client-ec2 folder>\n');
    process.exitCode = 2;
    return;
  }
  const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const source = readFileSync(join(packageDir, 'dist-cjs', 'index.js'), 'utf8');
  const start = source.indexOf('const _InstanceType = {');
  const end = source.indexOf('};', start);
  if (name !== '@aws-sdk/client-ec2' || start < 0 || end < 0) {
    throw new Error(`${packageDir} is not an unpacked @aws-sdk/client-ec2 with an _InstanceType enum in dist-cjs/index.js`);
  }
  const types = [...source.slice(start, end).matchAll(/:\s*"([a-z0-9-]+\.[a-z0-9-]+)"/g)].map((match) => match[1]).sort();
  const table = {
    source: `${name}@${version}, dist-cjs/index.js, the _InstanceType enum (the EC2 API model's InstanceType values); regenerate with scripts/instance-types.ts`,
    types,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(table, null, 1)}\n`);
  process.stdout.write(`wrote ${types.length} instance types from ${name}@${version} to ${OUTPUT}\n`);
}

main(process.argv[2]);
