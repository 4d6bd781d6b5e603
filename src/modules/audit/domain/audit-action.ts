/** What an audited event did, in the few words auditors filter by (FHIR AuditEvent.action maps from these). */
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

/** Event types whose action the suffix rules below would get wrong or could not guess. */
const ACTION_BY_TYPE: Readonly<Record<string, AuditAction>> = {
  AccessDenied: 'deny',
  AuditTrailQueried: 'query',
  EmergencyAccessGranted: 'emergency-access',
  LoginSucceeded: 'login',
  LoginFailed: 'login',
  SessionRefreshed: 'login',
  RefreshTokenReused: 'login',
  LoggedOut: 'logout',
  SessionRevoked: 'logout',
};

/** Past-tense endings of event names, checked in order; the first match wins. */
const ACTION_BY_SUFFIX: readonly (readonly [RegExp, AuditAction])[] = [
  [/(Created|Registered|Added|Admitted|Issued|Scheduled|Booked)$/, 'create'],
  [/(Deleted|Removed|Cancelled|Canceled|Discharged|Purged)$/, 'delete'],
  [/(Accessed|Viewed|Read|Opened|Printed|Exported|Disclosed)$/, 'read'],
  [/(Queried|Searched|Listed)$/, 'query'],
  [
    /(Updated|Changed|Assigned|Corrected|Amended|Locked|Unlocked|Deactivated|Reactivated|Revoked|Rescheduled|Moved|Merged)$/,
    'update',
  ],
];

/**
 * The action of an event type: the explicit table first, then the suffix
 * rules, else `execute` (something ran that fits no other word). Stored
 * with the row, so changing this mapping never alters recorded history.
 */
export function actionFor(type: string): AuditAction {
  const explicit = ACTION_BY_TYPE[type];
  if (explicit) return explicit;
  for (const [pattern, action] of ACTION_BY_SUFFIX) if (pattern.test(type)) return action;
  return 'execute';
}
