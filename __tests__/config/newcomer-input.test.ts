import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, loadConfiguration } from '../../src/config';
import table from '../../src/config/ec2-instance-types.json';
import { ec2InstanceTypeProblem, rdsInstanceClassProblem } from '../../src/config/instance-types';
import { loadPriceTable } from '../../src/review/prices';
import { configFor, type Overrides } from '../support/stacks';
import { configDir, configErrorOf } from './helpers';

/** The whole message a bad input gets, for the dev environment. */
function messageOf(overrides: Overrides, environment = 'dev'): string {
  return configErrorOf(() => configFor(environment, overrides));
}

const dev = (...problems: string[]): string => `invalid configuration for environment "dev":\n${problems.map((problem) => `  - ${problem}`).join('\n')}`;

describe('instance types that exist nowhere are refused, with the sizes or families that do', () => {
  it.each([
    ['t3.mega', { TT__frontend__instanceType: 't3.mega' }, 'frontend.instanceType: "t3.mega" is not an EC2 instance type: t3 comes in nano, micro, small, medium, large, xlarge, 2xlarge'],
    ['t9.huge', { TT__backend__instanceType: 't9.huge' }, 'backend.instanceType: "t9.huge" is not an EC2 instance type: there is no t9 family; did you mean t1, t2 or t3?'],
    ['a NAT instance type', { TT__network__natInstanceType: 't4g.pico' }, 'network.natInstanceType: "t4g.pico" is not an EC2 instance type: t4g comes in nano, micro, small, medium, large, xlarge, 2xlarge'],
    ['a bastion type', { TT__access__bastion__instanceType: 'm7.large' }, 'access.bastion.instanceType: "m7.large" is not an EC2 instance type: there is no m7 family; did you mean m7a, m7g, m7i, m7gd or m7i-flex?'],
    ['db.t3.tiny', { TT__database__instanceClass: 'db.t3.tiny' }, 'database.instanceClass: "db.t3.tiny" is not an RDS instance class: db.t3 comes in micro, small, medium, large, xlarge, 2xlarge'],
    [
      'a nano RDS class (EC2 has t4g.nano, RDS does not)',
      { TT__database__instanceClass: 'db.t4g.nano' },
      'database.instanceClass: "db.t4g.nano" is not an RDS instance class: db.t4g comes in micro, small, medium, large, xlarge, 2xlarge',
    ],
  ])('%s', (_name, overrides, problem) => {
    expect(messageOf(overrides)).toBe(dev(problem));
  });

  it('keeps the shape message for what is not shaped like a type at all', () => {
    expect(messageOf({ TT__frontend__instanceType: 'T3.SMALL' })).toBe(dev('frontend.instanceType: must be an EC2 instance type such as t3.small (given: "T3.SMALL")'));
  });

  it('accepts real types of every kind the stacks use, Graviton and x86, and the shipped price tables price only real types', () => {
    for (const type of ['t3.micro', 't4g.nano', 'm7g.large', 'c7gn.xlarge', 'r8g.medium', 'g5.xlarge']) {
      expect(ec2InstanceTypeProblem(type)).toBeUndefined();
    }
    for (const instanceClass of ['db.t4g.micro', 'db.t3.medium', 'db.r6g.large', 'db.m7g.2xlarge', 'db.x2g.large']) {
      expect(rdsInstanceClassProblem(instanceClass)).toBeUndefined();
    }
    // db.x2g has no EC2 twin (EC2 has x2gd), so its sizes come from the RDS guide.
    expect(rdsInstanceClassProblem('db.x2g.nano')).toBe('"db.x2g.nano" is not an RDS instance class: db.x2g comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge');
    for (const region of ['ap-northeast-2', 'us-east-1']) {
      const keys = [...loadPriceTable(join('data', `prices-${region}.json`)).items.keys()];
      expect(
        keys
          .filter((key) => key.startsWith('ec2:'))
          .map((key) => ec2InstanceTypeProblem(key.slice(4)))
          .filter(Boolean),
      ).toEqual([]);
      expect(
        keys
          .filter((key) => key.startsWith('rds:mysql:db.'))
          .map((key) => rdsInstanceClassProblem(key.split(':')[2]))
          .filter(Boolean),
      ).toEqual([]);
    }
  });

  it('reads its list from the EC2 API model, sorted and without duplicates', () => {
    expect(table.source).toMatch(/^@aws-sdk\/client-ec2@\d+\.\d+\.\d+, dist-cjs\/index\.js, the _InstanceType enum/);
    expect(table.types.length).toBeGreaterThan(1000);
    expect([...new Set(table.types)].sort()).toEqual(table.types);
  });
});

describe('CIDRs with host bits set name the bits and the network', () => {
  it.each([
    [
      'a VPC CIDR',
      { TT__network__vpcCidr: '10.30.5.0/16' },
      'network.vpcCidr: "10.30.5.0/16" has host bits set (0.0.5.0 lies past the /16 prefix): its network address is 10.30.0.0, so write 10.30.0.0/16, or 10.30.5.0/24, the largest block that starts there',
    ],
    [
      'an admin CIDR',
      { TT__access__adminCidrs: '["203.0.113.10/24"]' },
      'access.adminCidrs.0: "203.0.113.10/24" has host bits set (0.0.0.10 lies past the /24 prefix): its network address is 203.0.113.0, so write 203.0.113.0/24, or 203.0.113.10/32 for that one address',
    ],
    [
      'an explicit subnet CIDR',
      { TT__network__subnets__db__cidrs: '["10.0.200.0/24","10.0.201.7/24"]' },
      'network.subnets.db.cidrs.1: "10.0.201.7/24" has host bits set (0.0.0.7 lies past the /24 prefix): its network address is 10.0.201.0, so write 10.0.201.0/24',
    ],
    [
      'an address with leading zeros',
      { TT__access__adminCidrs: '["010.0.0.0/8"]' },
      'access.adminCidrs.0: "010.0.0.0/8" is not a valid CIDR; write the address as four decimal numbers without leading zeros, such as 10.0.0.0/8',
    ],
  ])('%s', (_name, overrides, problem) => {
    expect(messageOf(overrides)).toBe(dev(problem));
  });
});

describe('an IPv6 admin CIDR for an IPv4-only VPC', () => {
  it('is refused: nothing in the VPC has an IPv6 address to SSH to', () => {
    expect(messageOf({ TT__access__adminCidrs: '["203.0.113.10/32","2001:db8::/64"]' })).toBe(
      dev(
        'access.adminCidrs.1: "2001:db8::/64" is an IPv6 CIDR, but the VPC is IPv4-only (no IPv6 CIDR block), so SSH to the bastion comes over IPv4 only; give the IPv4 address you connect from, such as 203.0.113.10/32',
      ),
    );
  });
});

describe('variables that would be ignored', () => {
  it.each([
    ['single underscores', { TT_DEV_frontend_minSize: '2' }, 'TT_DEV__frontend__minSize'],
    ['upper case', { TT_PROD_FRONTEND_MINSIZE: '2' }, 'TT_PROD__frontend__minSize'],
    ['single underscores, every environment', { TT_network_natMode: 'none' }, 'TT__network__natMode'],
    ['a container variable of its own', { TT_DEV_backend_environment_SPRING_PROFILES_ACTIVE: 'prod' }, 'TT_DEV__backend__environment__SPRING_PROFILES_ACTIVE'],
    ['single underscores after the environment only', { TT_DEV_frontend__minSize: '2' }, 'TT_DEV__frontend__minSize'],
  ])('%s', (_name, overrides, intended) => {
    const [name] = Object.keys(overrides);
    expect(messageOf(overrides)).toBe(
      `environment variables not read:\n  - ${name}: not read: an override separates the environment and each field with two underscores, and names fields as the config does; did you mean ${intended}?`,
    );
  });

  it("leaves variables that are no override alone (the project's own, and others)", () => {
    expect(() => configFor('dev', { TT_SYNTH_CACHE: 'off', TT_TS_CACHE_DIR: '/tmp/x', TT_TF_PLUGIN_MIRROR: '/tmp/y', TT_TEST_JEST: 'x', TT_DEPLOY_NOTE: 'x' })).not.toThrow();
  });

  it('a list given as a plain string says how to write it as JSON', () => {
    expect(messageOf({ TT_DEV__access__adminCidrs: '203.0.113.10/32' })).toBe(
      dev(
        `access.adminCidrs: Invalid input: expected array, received string (given: "203.0.113.10/32"); TT_DEV__access__adminCidrs is read as JSON when it parses, else as one string: write TT_DEV__access__adminCidrs='["203.0.113.10/32"]'`,
      ),
    );
    expect(messageOf({ TT__access__adminCidrs: '203.0.113.10/32, 198.51.100.7/32' })).toContain(`write TT__access__adminCidrs='["203.0.113.10/32","198.51.100.7/32"]'`);
  });
});

describe('config files', () => {
  it('a .jsonc file is not ignored: it is refused with the name to give it', () => {
    const dir = configDir({ 'qa.jsonc': '{ "extends": "dev" }', 'staging.yaml': 'extends: prod' });
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toBe(
      `invalid environment files in ${dir}:\n` +
        `  - ${join(dir, 'qa.jsonc')}: not read: config files are JSON named <name>.json (comments are allowed in them); rename it to qa.json\n` +
        `  - ${join(dir, 'staging.yaml')}: not read: config files are JSON named <name>.json (comments are allowed in them); rename it to staging.json and write it as JSON`,
    );
  });

  it("accepts comments (as in the README's examples) and a UTF-8 byte-order mark", () => {
    const dir = configDir({
      'staging.json': '\uFEFF// config/staging.json: prod\'s settings, smaller\n{ "extends": "prod", /* one instance */ "frontend": { "minSize": 1, "desiredCapacity": 1 }, "dns": { "domain": "staging.example.com" } }\n',
    });
    const config = loadConfig('staging', { configDir: dir, env: {} });
    expect([config.frontend.minSize, config.dns.domain, config.production]).toEqual([1, 'staging.example.com', true]);
  });

  it.each([
    ['a missing value', '{ "project": "x",\n  "region": }\n', '2:13: not valid JSON: expected a value, found "}"'],
    ['a trailing comma', '{\n  "project": "shop",\n}\n', '3:1: not valid JSON: a comma before }: JSON allows no comma after the last entry'],
    ['single quotes', "{ 'project': 'shop' }", '1:3: not valid JSON: single quotes: JSON field names and strings take double quotes'],
    ['a missing comma', '{\n  "project": "shop"\n  "region": "ap-northeast-2"\n}', '3:3: not valid JSON: expected a comma between two entries, found "\\"region\\""'],
    ['an empty file', '', '1:1: not valid JSON: expected a value, found the end of the file'],
  ])('%s in common.json is reported once, with line and column', (_name, text, where) => {
    const dir = configDir();
    writeFileSync(join(dir, 'common.json'), text);
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toBe(`${join(dir, 'common.json')}:${where}`);
  });
});
