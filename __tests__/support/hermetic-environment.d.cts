// The types of hermetic-environment.cjs (jest loads its globalSetup as plain JavaScript).
declare function hermeticEnvironment(): void;
declare namespace hermeticEnvironment {
  /** Whether a variable configures the stacks or the synth, rather than the tools the tests run. */
  function configures(name: string): boolean;
  /** An empty config folder: the presets only. */
  const NO_CONFIG: string;
}
export = hermeticEnvironment;
