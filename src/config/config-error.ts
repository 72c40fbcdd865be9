/** Bad user input: printed as is, without a stack trace, and synth exits non-zero. */
export class ConfigError extends Error {
  /** One line per problem, each naming the field, the value given and what is allowed. */
  public readonly problems: readonly string[];

  constructor(title: string, problems: readonly string[] = []) {
    super(problems.length === 0 ? title : `${title}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
