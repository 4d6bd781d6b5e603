import type { AuditEventView } from '../audit-event-view.js';
import { csvLine } from '../../../../infrastructure/csv/csv-cell.js';

const COLUMNS: readonly [string, (e: AuditEventView) => string | number | null][] = [
  ['sequence', (e) => e.sequence],
  ['eventId', (e) => e.eventId],
  ['type', (e) => e.type],
  ['occurredAt', (e) => e.occurredAt.toISOString()],
  ['recordedAt', (e) => e.recordedAt.toISOString()],
  ['actorId', (e) => e.actor.id],
  ['actorKind', (e) => e.actor.kind],
  ['actorRoles', (e) => e.actor.roles.join('|')],
  // The session's opaque reference where the session id stood, never the id itself.
  ['sessionRef', (e) => e.actor.sessionRef],
  ['ip', (e) => e.actor.ip],
  ['userAgent', (e) => e.actor.userAgent],
  ['hospitalId', (e) => e.actor.hospitalId],
  ['departmentId', (e) => e.actor.departmentId],
  ['action', (e) => e.action],
  ['outcome', (e) => e.outcome],
  ['resourceType', (e) => e.resourceType],
  ['resourceId', (e) => e.resourceId],
  ['aggregateVersion', (e) => e.aggregateVersion],
  ['patientId', (e) => e.patientId],
  ['correlationId', (e) => e.correlationId],
  ['reason', (e) => e.reason],
  ['change', (e) => JSON.stringify(e.change)],
  ['prevHash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
  // Last, so files read by column position keep their columns.
  ['purposeOfUse', (e) => e.purposeOfUse],
  ['keyId', (e) => e.keyId],
];

export const AUDIT_CSV_HEADER = csvLine(COLUMNS.map(([name]) => name));

export function auditCsvRecord(event: AuditEventView): string {
  return csvLine(COLUMNS.map(([, value]) => value(event)));
}
