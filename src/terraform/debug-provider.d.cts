// The types of debug-provider.cjs (scripts/test.cjs loads it as plain JavaScript).
/** A provider serving in debug mode, or why there is none. */
export type DebugProvider = { readonly reattach: string; readonly stop: () => void; readonly reason?: undefined } | { readonly reattach?: undefined; readonly stop?: undefined; readonly reason: string };
/** Starts a provider binary in debug mode with `env`, waiting up to `timeoutMs` (30 s) for its reattach line. */
export declare function startDebugProvider(binary: string, env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<DebugProvider>;
