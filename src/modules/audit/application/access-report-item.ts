import type { AuditAction, AuditOutcome } from '@hms/ddd';
import type { AuditActorView } from './audit-event-view.js';

/** One line of a patient's accounting of access: who, when, what, why, and whether the glass was broken. */
export interface AccessReportItem {
  readonly sequence: number;
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly type: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly who: AuditActorView;
  readonly what: { readonly resourceType: string; readonly resourceId: string };
  readonly why: string | null;
  /** A break-the-glass grant, or an access made while the actor held one for this patient. */
  readonly breakGlass: boolean;
  readonly correlationId: string;
}
