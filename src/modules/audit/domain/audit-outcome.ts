export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Refusals by authorization are `denied`; failed sign-ins and token replays are `failure`; any other fact succeeded. */
export function outcomeFor(type: string): AuditOutcome {
  if (type === 'AccessDenied') return 'denied';
  if (type === 'LoginFailed' || type === 'RefreshTokenReused') return 'failure';
  return 'success';
}
