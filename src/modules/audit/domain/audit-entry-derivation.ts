import type { DomainEventEnvelope } from '@hms/ddd';
import type { AuditActor, AuditEntry } from './audit-entry.js';
import type { AuditKeyring } from './audit-keyring.js';

/** The event an entry is derived from, as the outbox stores it (with the audit filing its class declared). */
export type SourceEvent = DomainEventEnvelope;

/** Resource types that name a patient record when an event (an AccessDenied) points at one. */
const PATIENT_RESOURCE_TYPES = new Set(['Patient', 'patients']);

/** Aggregates whose id is a session id (sign-in facts): the entry names them by the session's reference. */
export const SESSION_RESOURCE_TYPES: ReadonlySet<string> = new Set(['Session']);

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function fieldsOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function auditActor(raw: Record<string, unknown>, sessionRef: (sessionId: string) => string): AuditActor {
  const sessionId = text(raw.sessionId);
  return {
    kind: text(raw.kind) ?? 'unknown',
    id: text(raw.id) ?? 'unknown',
    roles: Array.isArray(raw.roles) ? raw.roles.filter((r): r is string => typeof r === 'string') : [],
    sessionRef: sessionId === null ? null : sessionRef(sessionId),
    ip: text(raw.ip),
    userAgent: text(raw.userAgent),
  };
}

/**
 * The patient an event concerns: the payload's patientId, a Patient
 * aggregate, or the patient record an access refusal names.
 */
function patientOf(source: SourceEvent, payload: Record<string, unknown>): string | null {
  const explicit = text(payload.patientId);
  if (explicit) return explicit;
  if (source.aggregateType === 'Patient') return source.aggregateId;
  if (typeof payload.resourceType === 'string' && PATIENT_RESOURCE_TYPES.has(payload.resourceType))
    return text(payload.resourceId);
  return null;
}

/**
 * Builds the audit entry of an outbox event, to be signed with the keyring's
 * signing key: the resource is the event's aggregate (so a resource's
 * history is its event stream), action and outcome as the event's class
 * declared them, the reason from the payload's reason or purpose of use,
 * hospital and department from the actor. A session id is stored only as
 * its reference, so not even a reader of the audit tables learns one.
 */
export function auditEntryFrom(source: SourceEvent, sequence: number, recordedAt: Date, keys: AuditKeyring): AuditEntry {
  const key = keys.signing;
  const sessionRef = (sessionId: string) => keys.sessionReference(key, sessionId);
  const payload = fieldsOf(source.payload);
  const rawActor = fieldsOf(source.actor);
  const actor = auditActor(rawActor, sessionRef);
  return {
    sequence,
    keyId: key.id,
    eventId: source.eventId,
    type: source.type,
    occurredAt: source.occurredAt,
    recordedAt,
    actor,
    actorId: actor.id,
    action: source.audit.action,
    outcome: source.audit.outcome,
    resourceType: source.aggregateType,
    resourceId: SESSION_RESOURCE_TYPES.has(source.aggregateType) ? sessionRef(source.aggregateId) : source.aggregateId,
    aggregateVersion: source.aggregateVersion,
    patientId: patientOf(source, payload),
    hospitalId: text(rawActor.hospitalId),
    departmentId: text(rawActor.departmentId),
    correlationId: source.correlationId,
    reason: text(payload.reason) ?? text(payload.purposeOfUse),
    change: source.payload ?? {},
  };
}
