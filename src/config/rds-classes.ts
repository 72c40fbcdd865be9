/** Memory of RDS instance classes, to estimate MySQL's default connection limit. */

const GIB = 1024 ** 3;
/** RDS for MySQL's default `max_connections`: `{DBInstanceClassMemory/12582880}`. */
const BYTES_PER_CONNECTION = 12_582_880;

/** GiB of the general-purpose (m) sizes; burstable (t) classes have the same from large up, memory-optimised (r) twice as much. */
const GENERAL_PURPOSE_GIB: Readonly<Record<string, number>> = {
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
  '4xlarge': 64,
  '8xlarge': 128,
  '12xlarge': 192,
  '16xlarge': 256,
  '24xlarge': 384,
};
const BURSTABLE_GIB: Readonly<Record<string, number>> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 };

/** Nominal memory of a class in GiB, for the t3/t4g, m5+ and r5+ families; undefined for the others. */
export function classMemoryGib(instanceClass: string): number | undefined {
  const match = /^db\.([a-z])(\d+)[a-z]*\.([a-z0-9]+)$/.exec(instanceClass);
  if (match === null) {
    return undefined;
  }
  const [, family, generation, size] = match;
  if (family === 't' && Number(generation) >= 3) {
    return BURSTABLE_GIB[size];
  }
  if ((family === 'm' || family === 'r') && Number(generation) >= 5) {
    const gib = GENERAL_PURPOSE_GIB[size];
    return gib === undefined ? undefined : gib * (family === 'r' ? 2 : 1);
  }
  return undefined;
}

/**
 * About how many connections MySQL accepts on a class by default: an upper bound, as RDS reserves
 * some of the memory (db.t4g.micro: 85 by this estimate, about 60-66 in practice).
 */
export function estimatedMaxConnections(instanceClass: string): number | undefined {
  const gib = classMemoryGib(instanceClass);
  return gib === undefined ? undefined : Math.floor((gib * GIB) / BYTES_PER_CONNECTION);
}

/** The share of the estimated limit the connections alarm fires at when no threshold is configured. */
export const DEFAULT_CONNECTIONS_SHARE = 0.7;

/** The connections alarm's threshold: the configured one, else 70 % of the estimated limit. */
export function databaseConnectionsThreshold(instanceClass: string, configured?: number): number | undefined {
  if (configured !== undefined) {
    return configured;
  }
  const limit = estimatedMaxConnections(instanceClass);
  return limit === undefined ? undefined : Math.floor(limit * DEFAULT_CONNECTIONS_SHARE);
}
