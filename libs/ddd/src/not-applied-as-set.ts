/**
 * Thrown by the set form of a command (many items in a few statements) when
 * its items cannot all be applied together: one would be refused, or the set
 * is not one it takes (an item named twice, a record merged meanwhile).
 * Nothing it wrote stands (the caller's savepoint or its own transaction
 * rolls back), and nothing was audited: the caller applies the items one by
 * one through the single command, which refuses, audits and answers each
 * as it always does. An internal signal, never a client's answer.
 */
export class NotAppliedAsSetError extends Error {
  constructor(readonly reason: string) {
    super(`The set was not applied as one: ${reason}`);
    this.name = 'NotAppliedAsSetError';
  }
}
