// The types of schema-provider.cjs (scripts/test.cjs loads it as plain JavaScript).
import type { DebugProvider } from '../src/terraform/debug-provider.cjs';
/** Starts the mirror's hashicorp/aws provider of the bindings' version in debug mode (TT_TF_PLUGIN_MIRROR names the mirror). */
export declare function startSchemaProvider(root: string, env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<DebugProvider>;
