import { loadConfig, loadConfiguration } from '../../src/config';
import { configFor, NO_CONFIG, type Overrides } from '../support/stacks';
import { configDir, configErrorOf } from './helpers';

function problemsOf(overrides: Overrides, environment = 'dev'): string {
  return configErrorOf(() => configFor(environment, overrides));
}

/** 140 public /8 blocks: none too wide alone, more than half of the public IPv4 space together. */
const MANY_EIGHTS = Array.from({ length: 150 }, (_value, index) => index + 11)
  .filter((octet) => ![100, 127].includes(octet))
  .map((octet) => `${octet}.0.0.0/8`);

describe('input AWS would reject at apply time is refused with a message naming the field', () => {
  const cases: readonly [string, Overrides, RegExp][] = [
    [
      'an AZ letter the region lacks',
      { TT__availabilityZones: '["ap-northeast-2a","ap-northeast-2z"]' },
      /availabilityZones\.1: "ap-northeast-2z" is not an AZ of region ap-northeast-2; its AZs are ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d/,
    ],
    [
      'a region without a shipped AZ list',
      { TT__region: 'xx-east-9' },
      /region: "xx-east-9" is not a supported region; supported \(their AZs are in src\/config\/availability-zones\.json\): ap-northeast-1, ap-northeast-2, ap-northeast-3, .*us-east-1, .*us-west-2/,
    ],
    ['a bucket name with two adjacent dots', { TT__state__bucket: 'my..bucket' }, /state\.bucket: "my\.\.bucket" is not a valid S3 bucket name: it must not contain two adjacent dots/],
    ['a bucket name formatted as an IP address', { TT__state__bucket: '192.168.5.4' }, /state\.bucket: "192\.168\.5\.4" is not a valid S3 bucket name: it must not be formatted as an IP address/],
    ['a bucket name with the xn-- prefix', { TT__state__bucket: 'xn--abc' }, /state\.bucket: "xn--abc" is not a valid S3 bucket name: it must not start with "xn--" \(reserved by S3\)/],
    ['a bucket name with the sthree- prefix', { TT__state__bucket: 'sthree-state' }, /state\.bucket: "sthree-state" is not a valid S3 bucket name: it must not start with "sthree-"/],
    ['a bucket name with the -s3alias suffix', { TT__state__bucket: 'state-s3alias' }, /state\.bucket: "state-s3alias" is not a valid S3 bucket name: it must not end with "-s3alias"/],
    ['a bucket name with upper case', { TT__state__bucket: 'My-State' }, /state\.bucket: "My-State" is not a valid S3 bucket name: it may hold only lower-case letters, digits, dots and hyphens/],
    ['a bucket name too short', { TT__state__bucket: 'ab' }, /state\.bucket: "ab" is not a valid S3 bucket name: it is 2 characters; S3 bucket names have 3 to 63/],
    ['a backup window hour that does not exist', { TT__database__backupWindow: '25:00-26:00' }, /database\.backupWindow: "25:00-26:00" is not a valid window: 25:00 is not a time of day \(hours 00-23, minutes 00-59\)/],
    ['a backup window minute that does not exist', { TT__database__backupWindow: '17:00-17:61' }, /database\.backupWindow: "17:00-17:61" is not a valid window: 17:61 is not a time of day/],
    [
      'a maintenance day that does not exist',
      { TT__database__maintenanceWindow: 'sun:18:00-xyz:19:00' },
      /database\.maintenanceWindow: "sun:18:00-xyz:19:00" is not a valid window: "xyz" is not a day; expected one of mon, tue, wed, thu, fri, sat, sun/,
    ],
    ['a backup window shorter than 30 minutes', { TT__database__backupWindow: '17:00-17:20' }, /database\.backupWindow: "17:00-17:20" is 20 minutes long; RDS needs at least 30/],
    ['a maintenance window shorter than 30 minutes', { TT__database__maintenanceWindow: 'mon:03:00-mon:03:29' }, /database\.maintenanceWindow: "mon:03:00-mon:03:29" is 29 minutes long; RDS needs at least 30/],
    [
      'overlapping backup and maintenance windows',
      { TT__schedule__enabled: 'false', TT__database__maintenanceWindow: 'wed:17:30-wed:18:30' },
      /database\.maintenanceWindow: "wed:17:30-wed:18:30" overlaps the daily backup window 17:00-18:00; RDS needs them apart/,
    ],
    [
      'a backup window across midnight overlapping a maintenance window on the next day',
      { TT__schedule__enabled: 'false', TT__database__backupWindow: '23:30-00:30', TT__database__maintenanceWindow: 'mon:00:00-mon:01:00' },
      /database\.maintenanceWindow: "mon:00:00-mon:01:00" overlaps the daily backup window 23:30-00:30/,
    ],
    ['a time zone that does not exist', { TT__database__timeZone: 'Asia/Sel' }, /database\.timeZone: "Asia\/Sel" is not a time zone RDS for MySQL accepts; did you mean "Asia\/Seoul"\?/],
    ['an IANA time zone RDS does not offer', { TT__database__timeZone: 'Asia/Kolkata' }, /database\.timeZone: "Asia\/Kolkata" is not a time zone RDS for MySQL accepts \(a real IANA zone, but not one RDS offers\)/],
    ['engine version 8.0', { TT__database__engineVersion: '"8.0"' }, /database\.engineVersion: "8\.0" is refused: MySQL 8\.0 is past RDS standard support and runs in paid RDS Extended Support \(billed per vCPU-hour/],
    ['engine version 5.7.44', { TT__database__engineVersion: '5.7.44' }, /database\.engineVersion: "5\.7\.44" is refused: MySQL 5\.7 is past RDS standard support and runs in paid RDS Extended Support/],
    ['engine version 9.1', { TT__database__engineVersion: '9.1' }, /database\.engineVersion: "9\.1" is not supported; use 8\.4 or an 8\.4 minor version/],
    ['an IPv6 VPC CIDR', { TT__network__vpcCidr: '2001:db8::/56' }, /network\.vpcCidr: "2001:db8::\/56" is not an IPv4 CIDR; expected a\.b\.c\.d\/n/],
    ['an IPv6 subnet CIDR', { TT__network__subnets__db__cidrs: '["2001:db8::/64","10.0.201.0/24"]' }, /network\.subnets\.db\.cidrs\.0: "2001:db8::\/64" is not an IPv4 CIDR/],
    ['a required section removed with null', { TT_DEV__network: 'null' }, /network: is required; the null in TT_DEV__network removed it \(null removes only optional fields\)/],
    ['a misspelt optional field', { TT__dns__domian: 'example.com' }, /dns\.domian: unknown field; did you mean "domain"\? allowed here: domain, hostedZoneId, frontendSubdomain, backendSubdomain/],
    ['a misspelt top-level field', { TT__netwrok__natMode: 'none' }, /netwrok: unknown field; did you mean "network"\?/],
    ['a DB_PASS variable', { TT__backend__environment__DB_PASS: 'x' }, /backend\.environment\.DB_PASS: "DB_PASS" looks like a secret; values here are stored in plain text in the launch template/],
    ['a *_TOKEN variable', { TT__frontend__environment__GITHUB_TOKEN: 'x' }, /frontend\.environment\.GITHUB_TOKEN: "GITHUB_TOKEN" looks like a secret/],
    ['a *_API_KEY variable', { TT__backend__environment__STRIPE_API_KEY: 'x' }, /backend\.environment\.STRIPE_API_KEY: "STRIPE_API_KEY" looks like a secret/],
    ['a *SECRET* variable', { TT__backend__environment__JWT_SECRET_VALUE: 'x' }, /backend\.environment\.JWT_SECRET_VALUE: "JWT_SECRET_VALUE" looks like a secret/],
    ['a *PASSWORD* variable', { TT__backend__environment__ADMIN_PASSWORD_HASH: 'x' }, /backend\.environment\.ADMIN_PASSWORD_HASH: "ADMIN_PASSWORD_HASH" looks like a secret/],
    ['an invalid variable name', { TT__frontend__environment: '{"MY-VAR":"1"}' }, /frontend\.environment\.MY-VAR: "MY-VAR" is not an environment variable name; use letters, digits and _/],
    ['a project name with --', { TT__project: 'my--shop' }, /project: "my--shop" contains "--", which RDS instance identifiers \(<project>-<env>-mysql\) cannot/],
    ['two /1 halves of the internet', { TT__access__adminCidrs: '["0.0.0.0/1","128.0.0.0/1"]' }, /access\.adminCidrs\.0: "0\.0\.0\.0\/1" would open SSH to the whole internet/],
    ['a public range wider than /8', { TT__access__adminCidrs: '["16.0.0.0/4"]' }, /access\.adminCidrs\.0: "16\.0\.0\.0\/4" would open SSH to a public range wider than any one organisation owns/],
    ['the public IPv6 space', { TT__access__adminCidrs: '["2000::/3"]' }, /access\.adminCidrs\.0: "2000::\/3" would open SSH to the whole internet/],
    [
      'many ranges that together cover half the internet',
      { TT__access__adminCidrs: JSON.stringify(MANY_EIGHTS) },
      /access\.adminCidrs: \["11\.0\.0\.0\/8",.*\] together cover at least half of the public internet and so open SSH to the world/,
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    const message = problemsOf(overrides);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('a state key shared by two environments', () => {
    const dir = configDir({ 'common.json': { state: { key: 'shared/terraform.tfstate' } } });
    expect(configErrorOf(() => loadConfiguration({ configDir: dir, env: {} }))).toMatch(
      /environments clash:\n {2}- prod: state s3:\/\/three-tier-tfstate-ap-northeast-2\/shared\/terraform\.tfstate is also the state of dev; each environment needs its own \(state\.key, or state\.hcp\.workspace\)/,
    );
  });
});

describe('input that looks odd but AWS accepts', () => {
  it('keeps a variable parsed as a number as the string it was written as', () => {
    const config = configFor('dev', { TT__database__engineVersion: '8.4', TT__backend__environment__PORT: '8080', TT__backend__healthCheckMatcher: '200' });
    expect(config.database.engineVersion).toBe('8.4');
    expect(config.backend.environment.PORT).toBe('8080');
    expect(config.backend.healthCheckMatcher).toBe('200');
  });

  it('still refuses a JSON number where a string is wanted when the JSON says so', () => {
    expect(problemsOf({ TT__database: '{"engineVersion": 8.4}' })).toMatch(/database\.engineVersion: Invalid input: expected string, received number \(given: 8\.4\)/);
  });

  it('accepts windows that wrap past midnight and past Sunday, and a private admin range', () => {
    // Without office hours: the database runs around the clock.
    const config = configFor('dev', {
      TT__schedule__enabled: 'false',
      TT__database__backupWindow: '23:30-00:30',
      TT__database__maintenanceWindow: 'sun:21:00-sun:22:00',
      TT__access__adminCidrs: '["10.0.0.0/8","203.0.113.10/32"]',
    });
    expect(config.database.backupWindow).toBe('23:30-00:30');
    expect(configFor('dev', { TT__schedule__enabled: 'false', TT__database__maintenanceWindow: 'sun:23:00-mon:00:30', TT__database__backupWindow: '02:00-03:00' }).database.maintenanceWindow).toBe('sun:23:00-mon:00:30');
  });

  it('removes an optional field with null: a domain from common.json, dropped for dev only', () => {
    const dir = configDir({ 'common.json': { dns: { domain: 'example.org' } } });
    expect(loadConfig('dev', { configDir: dir, env: { TT_DEV__dns__domain: 'null' } }).dns.domain).toBeUndefined();
    expect(loadConfig('prod', { configDir: dir, env: { TT_DEV__dns__domain: 'null' } }).dns.domain).toBe('example.org');
  });

  it('accepts a secret ARN, which is where the secret is, not the secret', () => {
    expect(configFor('dev', { TT__backend__environment__PAYMENT_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:pay' }).backend.environment.PAYMENT_SECRET_ARN).toMatch(/^arn:/);
  });
});

describe('the sources themselves', () => {
  it('a TT_CONFIG_DIR that does not exist', () => {
    expect(configErrorOf(() => loadConfig('dev', { env: { TT_CONFIG_DIR: '/nonexistent/tt-config' } }))).toBe('TT_CONFIG_DIR: the config folder "/nonexistent/tt-config" does not exist');
  });

  it('a variable for an environment that does not exist', () => {
    expect(configErrorOf(() => loadConfig('dev', { configDir: NO_CONFIG, env: { TT_STAGNG__network__natMode: 'none' } }))).toMatch(
      /TT_STAGNG__network__natMode: no environment matches "TT_STAGNG__"; environments: dev, prod/,
    );
  });

  it('reports every environment in one run, each error once', () => {
    const message = configErrorOf(() => loadConfiguration({ configDir: NO_CONFIG, env: { TT_DEV__network__natMode: 'double', TT_PROD__frontend__minSize: '9' } }));
    expect(message).toMatch(
      /^invalid configuration for environment "dev":\n {2}- network\.natMode: "double" is not a NAT mode; allowed: none, single, per-az[^\n]*\ninvalid configuration for environment "prod":\n {2}- frontend\.minSize: 9 is greater than maxSize 4; minSize must be <= maxSize$/,
    );
  });
});

describe('a project field that is wrong', () => {
  it('is reported once, under the project, not again for every environment', () => {
    expect(configErrorOf(() => loadConfiguration({ configDir: NO_CONFIG, env: { TT__state__bucket: 'my..bucket' } }))).toBe(
      'invalid project configuration (state stack):\n  - state.bucket: "my..bucket" is not a valid S3 bucket name: it must not contain two adjacent dots',
    );
  });
});
