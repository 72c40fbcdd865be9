// The types of platform.cjs (scripts/test.cjs loads it as plain JavaScript).
/** Terraform's name for a platform (`linux_amd64`); by default, this machine's. */
export declare function terraformPlatform(platform?: NodeJS.Platform, arch?: string): string;
