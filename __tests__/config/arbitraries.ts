// Generators of the config space for the property-based tests (fast-check).
import fc from 'fast-check';
import { availabilityZonesOf, loadConfiguration, SUPPORTED_REGIONS, type ThreeTierConfig } from '../../src/config';
import rdsTimeZones from '../../src/config/rds-mysql-time-zones.json';
import { configDir } from './helpers';

export type Json = { [key: string]: unknown };

/** One environment to build: its file name and content (`extends` included unless it is dev or prod itself). */
export interface Case {
  readonly name: string;
  readonly file: Json;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const pad = (value: number): string => String(value).padStart(2, '0');
const clock = (minutes: number): string => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

/** A backup window and a maintenance window on some day, never overlapping (maintenance starts 2-20 h after the backup ends). */
const windows = fc.record({ start: fc.integer({ min: 0, max: 47 }), length: fc.integer({ min: 30, max: 180 }), gap: fc.integer({ min: 2, max: 20 }), day: fc.constantFrom(...DAYS) }).map(({ start, length, gap, day }) => {
  const backupStart = start * 30;
  const maintenanceStart = (backupStart + length + gap * 60) % (24 * 60);
  // The maintenance window is 30-60 minutes and ends before the next day's backup starts.
  const maintenanceLength = Math.min(60, Math.max(30, ((backupStart - maintenanceStart + 24 * 60) % (24 * 60)) - 1));
  const end = maintenanceStart + maintenanceLength;
  const endDay = DAYS[(DAYS.indexOf(day) + Math.floor(end / (24 * 60))) % 7];
  return { backupWindow: `${clock(backupStart)}-${clock(backupStart + length)}`, maintenanceWindow: `${day}:${clock(maintenanceStart)}-${endDay}:${clock(end)}` };
});

const tier = (instanceTypes: readonly string[]) =>
  fc
    .record({ instanceType: fc.constantFrom(...instanceTypes), min: fc.integer({ min: 0, max: 3 }), extra: fc.integer({ min: 0, max: 3 }), spare: fc.integer({ min: 1, max: 3 }), cpu: fc.integer({ min: 10, max: 90 }) })
    .map(({ instanceType, min, extra, spare, cpu }) => ({ instanceType, minSize: min, desiredCapacity: min + extra, maxSize: Math.max(1, min + extra + spare), cpuTargetPercent: cpu }));

/** A valid environment somewhere in the config space: built on dev or prod, any supported region, most knobs turned. */
export const validCase: fc.Arbitrary<Case> = fc
  .record({
    base: fc.constantFrom('dev', 'prod'),
    fileName: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/).filter((name) => !['rod', 'ev'].includes(name)),
    project: fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/),
    region: fc.constantFrom(...SUPPORTED_REGIONS),
    zoneCount: fc.integer({ min: 2, max: 3 }),
    second: fc.integer({ min: 0, max: 200 }),
    natMode: fc.constantFrom('single', 'per-az'),
    topology: fc.constantFrom('per-tier', 'shared'),
    bastion: fc.boolean(),
    adminCidrs: fc.subarray(['203.0.113.10/32', '198.51.100.0/24', '10.0.0.0/8', '192.0.2.64/26']),
    domain: fc.option(fc.constantFrom('example.com', 'shop.example.net'), { nil: undefined }),
    frontend: tier(['t3.micro', 't3.small', 't4g.small']),
    backend: tier(['t3.small', 't3.medium', 'm7g.large']),
    engineVersion: fc.constantFrom('8.4', '8.4.6'),
    windows,
    // Office hours stop the database outside them: then the windows are left to the stack (inside the hours).
    officeHours: fc.option(fc.record({ start: fc.integer({ min: 6, max: 10 }), hours: fc.integer({ min: 4, max: 12 }), timeZone: fc.constantFrom('Asia/Seoul', 'Europe/Berlin', 'America/New_York', 'UTC') }), {
      nil: undefined,
    }),
    timeZone: fc.constantFrom(...rdsTimeZones.timeZones),
    retention: fc.integer({ min: 1, max: 35 }),
    environment: fc.dictionary(
      fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/).filter((name) => !/PASS|SECRET|TOKEN|KEY|PWD|CREDENTIAL/.test(name)),
      fc.string({ maxLength: 20 }),
      { maxKeys: 3 },
    ),
  })
  .map((draw) => {
    const zones = availabilityZonesOf(draw.region) ?? [];
    const availabilityZones = zones.slice(0, Math.min(draw.zoneCount, zones.length));
    // A third of the cases are dev or prod themselves (no extends), the rest a file named d... or p...
    const builtIn = draw.fileName.length % 3 === 0;
    const name = builtIn ? draw.base : `${draw.base[0]}${draw.fileName}`.slice(0, 8);
    const file: Json = {
      ...(builtIn ? {} : { extends: draw.base }),
      project: draw.project,
      region: draw.region,
      availabilityZones,
      state: { bucket: `${draw.project}-tfstate-${draw.second}` },
      network: { vpcCidr: `10.${draw.second}.0.0/16`, natMode: draw.natMode },
      access: { adminCidrs: draw.adminCidrs, bastion: { enabled: draw.bastion } },
      // Production must serve HTTPS: prod-based environments always get a domain.
      dns: draw.domain === undefined && draw.base === 'dev' ? {} : { domain: draw.domain ?? 'example.com' },
      loadBalancing: { topology: draw.topology },
      frontend: draw.frontend,
      backend: { ...draw.backend, environment: draw.environment },
      database: { engineVersion: draw.engineVersion, timeZone: draw.timeZone, backupRetentionDays: draw.retention, ...(draw.officeHours === undefined ? draw.windows : {}) },
      schedule:
        draw.officeHours === undefined
          ? { enabled: false }
          : { enabled: true, timeZone: draw.officeHours.timeZone, start: `${String(draw.officeHours.start).padStart(2, '0')}:00`, stop: `${String(draw.officeHours.start + draw.officeHours.hours).padStart(2, '0')}:00` },
    };
    return { name, file };
  });

export function folderFor({ name, file }: Case): string {
  return configDir({ [`${name}.json`]: file });
}

export function loadCase(testCase: Case): ThreeTierConfig {
  const { environments } = loadConfiguration({ configDir: folderFor(testCase), env: { TT_ENVIRONMENTS: testCase.name } });
  return environments[0].config;
}
