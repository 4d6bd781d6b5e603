/**
 * What an event did, in the words auditors filter by. The first five are
 * FHIR AuditEvent.action (C, R, U, D, E); the others are finer kinds of
 * execute (or, for emergency-access, of a grant) that the audit API has
 * always offered as filters. The audit export maps each to its FHIR code.
 */
export const AUDIT_ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'login',
  'logout',
  'deny',
  'emergency-access',
  'query',
  'execute',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How it ended: refused by authorization, failed (a wrong password, a replayed token), or done. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * How the audit trail files an event, declared by its class (`static readonly
 * AUDIT`) and stored with it in the outbox: the store never guesses it from a name.
 */
export interface AuditDeclaration {
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
}

export function isAuditDeclaration(value: unknown): value is AuditDeclaration {
  if (value === null || typeof value !== 'object') return false;
  const { action, outcome } = value as Record<string, unknown>;
  return (AUDIT_ACTIONS as readonly unknown[]).includes(action) && (AUDIT_OUTCOMES as readonly unknown[]).includes(outcome);
}
