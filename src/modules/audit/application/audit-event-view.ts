import type { AuditAction, AuditOutcome } from '@hms/ddd';
import type { ChainedAuditEntry } from '../domain/audit-entry.js';
import { purposeOfUseOf } from '../domain/audit-why.js';
import { namespacedEventType } from '../domain/legacy-event-types.js';

export interface AuditActorView {
  readonly id: string;
  readonly kind: string;
  readonly roles: readonly string[];
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
}

/** One audit entry as the API shows it. */
export interface AuditEventView {
  readonly sequence: number;
  readonly eventId: string;
  /** Namespaced, also for entries stored under a legacy class name (the hash covers the name as stored). */
  readonly type: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: AuditActorView;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly aggregateVersion: number;
  readonly patientId: string | null;
  readonly correlationId: string;
  readonly reason: string | null;
  /** The declared purpose of use as its HL7 v3 code, older aliases mapped: derived from change, not hashed. */
  readonly purposeOfUse: string | null;
  readonly change: unknown;
  /** Hex; anyone holding the key can recompute it from the fields above and prevHash. */
  readonly prevHash: string;
  readonly hash: string;
}

export function toAuditActorView(entry: ChainedAuditEntry): AuditActorView {
  const actor = entry.actor;
  return {
    id: entry.actorId ?? actor.id,
    kind: actor.kind,
    roles: actor.roles ?? [],
    sessionId: actor.sessionId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    hospitalId: entry.hospitalId,
    departmentId: entry.departmentId,
  };
}

export function toAuditEventView(entry: ChainedAuditEntry): AuditEventView {
  return {
    sequence: entry.sequence,
    eventId: entry.eventId,
    type: namespacedEventType(entry.type),
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    actor: toAuditActorView(entry),
    action: entry.action,
    outcome: entry.outcome,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    aggregateVersion: entry.aggregateVersion,
    patientId: entry.patientId,
    correlationId: entry.correlationId,
    reason: entry.reason,
    purposeOfUse: purposeOfUseOf(entry),
    change: entry.change,
    prevHash: entry.prevHash.toString('hex'),
    hash: entry.hash.toString('hex'),
  };
}
