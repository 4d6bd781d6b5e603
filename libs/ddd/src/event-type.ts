/**
 * `<context>.<EventName>.v<version>`: the context (or lib) that owns the
 * event, its past-tense name, and the version of its payload's shape. Two
 * contexts may both have a `Cancelled`; a payload that changes shape gets
 * the next version and an upcaster from the previous one.
 */
export const EVENT_TYPE_FORMAT = /^([a-z][a-zA-Z0-9]*)\.([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)$/;

export interface EventTypeParts {
  readonly context: string;
  readonly name: string;
  readonly version: number;
}

/** The parts of a namespaced type, or undefined for anything else (a legacy class-name type, a typo). */
export function parseEventType(type: string): EventTypeParts | undefined {
  const match = EVENT_TYPE_FORMAT.exec(type);
  return match ? { context: match[1], name: match[2], version: Number(match[3]) } : undefined;
}
