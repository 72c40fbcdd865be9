export { ConfigError } from './config-error';
export type { EnvironmentDefinition } from './environments';
export { environmentPrefix, loadConfig, loadConfiguration, loadProjectConfig, selectedEnvironments, stateLocation, type ConfigSources, type LoadedConfiguration } from './load';
export { resolveSubnetLayout, SUBNET_TIERS, type SubnetLayout, type SubnetTier } from './network-layout';
export { availabilityZonesOf, SUPPORTED_REGIONS } from './regions';
export * from './schema';
