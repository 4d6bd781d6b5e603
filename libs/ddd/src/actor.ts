/**
 * Who performs a command. Carried by every command and stamped on every
 * domain event, so the audit trail can say who did what from where.
 */
export interface Actor {
  readonly kind: 'user' | 'system' | 'anonymous';
  /** The user's id; for a system actor, the name of the process or job; `anonymous` before login. */
  readonly id: string;
  readonly roles?: readonly string[];
  readonly sessionId?: string;
  readonly hospitalId?: string | null;
  readonly departmentId?: string | null;
  readonly ip?: string;
  readonly userAgent?: string;
}

export function systemActor(name: string): Actor {
  return { kind: 'system', id: name };
}

/** Someone not (yet) authenticated, e.g. a login attempt: known only by address and agent. */
export function anonymousActor(ip?: string, userAgent?: string): Actor {
  return { kind: 'anonymous', id: 'anonymous', ip, userAgent };
}
