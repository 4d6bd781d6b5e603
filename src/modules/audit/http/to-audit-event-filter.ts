import type { AuditEventFilter } from '../application/audit-event-filter.js';
import type { AuditEventFilterRequest } from './audit-event-filter.request.js';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export function toAuditEventFilter(request: AuditEventFilterRequest): AuditEventFilter {
  return {
    actorId: request.actorId,
    patientId: request.patientId,
    resourceType: request.resourceType,
    resourceId: request.resourceId,
    type: request.type,
    action: request.action,
    outcome: request.outcome,
    correlationId: request.correlationId,
    sessionRef: request.sessionRef,
    from: date(request.from),
    to: date(request.to),
  };
}
