/** Bad input to the review (unreadable, foreign or invalid files, bad arguments): shown as a message, never a stack trace. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}
