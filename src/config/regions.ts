import zonesFile from './availability-zones.json';

const ZONES: Readonly<Record<string, readonly string[]>> = zonesFile.regions;

/** The regions this project knows the availability zones of (and prices, and ELB log accounts for). */
export const SUPPORTED_REGIONS: readonly string[] = Object.keys(ZONES);

/** The availability zones every account can use in `region`, or undefined for a region not listed. */
export function availabilityZonesOf(region: string): readonly string[] | undefined {
  return Object.hasOwn(ZONES, region) ? ZONES[region] : undefined;
}
