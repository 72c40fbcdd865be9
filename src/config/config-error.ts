/** Bad user input: printed as is, without a stack trace, and synth exits non-zero. */
export class ConfigError extends Error {
  /** One line per problem, each naming the field, the value given and what is allowed. */
  public readonly problems: readonly string[];
  /** What was being loaded, such as `invalid configuration for environment "dev"`. */
  public readonly title: string;

  constructor(title: string, problems: readonly string[] = [], message?: string) {
    super(message ?? (problems.length === 0 ? title : `${title}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`));
    this.name = 'ConfigError';
    this.problems = problems;
    this.title = title;
  }

  /** Several errors (one per environment, say) as one, each printed once under its own title. */
  static combine(errors: readonly ConfigError[]): ConfigError {
    if (errors.length === 1) {
      return errors[0];
    }
    return new ConfigError(
      `${errors.length} configuration errors`,
      errors.flatMap((error) => error.problems),
      errors.map((error) => error.message).join('\n'),
    );
  }
}
