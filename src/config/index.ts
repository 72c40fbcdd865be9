export { ConfigError } from './config-error';
export { loadConfig, loadProjectConfig, parseEnvironmentName, selectedEnvironments, type ConfigSources } from './load';
export { resolveSubnetLayout, SUBNET_TIERS, type SubnetLayout, type SubnetTier } from './network-layout';
export * from './schema';
