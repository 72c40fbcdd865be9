// The types of schema-provider.cjs (scripts/test.cjs loads it as plain JavaScript).
/** A provider serving read-only terraform commands, or why there is none. */
type SchemaProvider = { readonly reattach: string; readonly stop: () => void; readonly reason?: undefined } | { readonly reattach?: undefined; readonly reason: string };
/** Starts the mirror's hashicorp/aws provider of the bindings' version in debug mode (TT_TF_PLUGIN_MIRROR names the mirror). */
export declare function startSchemaProvider(root: string, env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<SchemaProvider>;
/** Terraform's name for this platform, as a mirror's folders use it (linux_amd64). */
export declare function platform(): string;
