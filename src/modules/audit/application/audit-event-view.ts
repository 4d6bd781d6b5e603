import type { AuditAction, AuditOutcome } from '@hms/ddd';
import type { ChainedAuditEntry } from '../domain/audit-entry.js';
import type { AuditKeyring } from '../domain/audit-keyring.js';
import { purposeOfUseOf } from '../domain/audit-why.js';
import { shownResourceId, shownSessionRef } from '../domain/session-reference.js';
import { namespacedEventType } from '../domain/legacy-event-types.js';

export interface AuditActorView {
  readonly id: string;
  readonly kind: string;
  readonly roles: readonly string[];
  /** An opaque, stable reference of the session; never the session id itself. */
  readonly sessionRef: string | null;
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
  /** The audit key the hash is made with; null for entries recorded before key ids (made with the legacy key). */
  readonly keyId: string | null;
  /** Hex; anyone holding the key can recompute it from the stored entry and prevHash. */
  readonly prevHash: string;
  readonly hash: string;
}

export function toAuditActorView(entry: ChainedAuditEntry, keys: AuditKeyring): AuditActorView {
  const actor = entry.actor;
  return {
    id: entry.actorId ?? actor.id,
    kind: actor.kind,
    roles: actor.roles ?? [],
    sessionRef: shownSessionRef(entry, keys),
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    hospitalId: entry.hospitalId,
    departmentId: entry.departmentId,
  };
}

export function toAuditEventView(entry: ChainedAuditEntry, keys: AuditKeyring): AuditEventView {
  return {
    sequence: entry.sequence,
    eventId: entry.eventId,
    type: namespacedEventType(entry.type),
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    actor: toAuditActorView(entry, keys),
    action: entry.action,
    outcome: entry.outcome,
    resourceType: entry.resourceType,
    resourceId: shownResourceId(entry, keys),
    aggregateVersion: entry.aggregateVersion,
    patientId: entry.patientId,
    correlationId: entry.correlationId,
    reason: entry.reason,
    purposeOfUse: purposeOfUseOf(entry),
    change: entry.change,
    keyId: entry.keyId,
    prevHash: entry.prevHash.toString('hex'),
    hash: entry.hash.toString('hex'),
  };
}
