import type { AuditAction, AuditOutcome } from '@hms/ddd';

/** What auditors narrow the trail by; every field optional, all given ones must hold. */
export interface AuditEventFilter {
  readonly actorId?: string;
  readonly patientId?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly type?: string;
  readonly action?: AuditAction;
  readonly outcome?: AuditOutcome;
  readonly correlationId?: string;
  /** The actor's session, by the reference the trail shows. */
  readonly sessionRef?: string;
  /** Occurred at or after. */
  readonly from?: Date;
  /** Occurred before. */
  readonly to?: Date;
}
