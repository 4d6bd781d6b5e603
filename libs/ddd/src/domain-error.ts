/** One invalid input a domain error names. */
export interface InvalidField {
  readonly field: string;
  readonly message: string;
}

/**
 * Base of every error a context raises on purpose. The code is stable and
 * public (clients may switch on it); the HTTP layer maps each code to a
 * status in one exhaustive switch. The message must never hold personal data.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly code: Code;
  /** The inputs at fault, when the error is about specific fields: listed as the problem's errors[]. */
  readonly fields?: readonly InvalidField[];

  protected constructor(
    message: string,
    /** Extra, non-personal facts a client may act on (ids, limits, versions). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
