// Errors that carry a message fit to show to a visitor or an operator.

/** Bad input from a visitor or a command line: the message is shown as is. */
export class InputError extends Error {
  constructor(message: string, public readonly field?: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Something that is not there (or that we pretend is not there, e.g. a bad token). */
export class NotFoundError extends Error {
  constructor(message = "Not found") {
    super(message);
    this.name = "NotFoundError";
  }
}
