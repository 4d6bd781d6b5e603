import type { AuditAction, AuditOutcome } from '@hms/ddd';
import type { AuditActor, ChainedAuditEntry } from '../domain/audit-entry.js';

/** An audit_events row as the pg driver returns it (bigint as text, bytea as Buffer, jsonb parsed). */
export interface AuditEventRow {
  sequence: string;
  key_id: string | null;
  event_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: AuditActor;
  actor_id: string | null;
  action: string;
  outcome: string;
  resource_type: string;
  resource_id: string;
  aggregate_version: number;
  patient_id: string | null;
  hospital_id: string | null;
  department_id: string | null;
  correlation_id: string;
  reason: string | null;
  change: unknown;
  prev_hash: Buffer;
  hash: Buffer;
}

export const AUDIT_EVENT_COLUMNS = `sequence, key_id, event_id, type, occurred_at, recorded_at, actor, actor_id, action, outcome,
  resource_type, resource_id, aggregate_version, patient_id, hospital_id, department_id, correlation_id, reason, change,
  prev_hash, hash`;

/** The stored values exactly as read: the verifier hashes these, so nothing is normalised on the way. */
export function toChainedEntry(row: AuditEventRow): ChainedAuditEntry {
  return {
    sequence: Number(row.sequence),
    keyId: row.key_id,
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    actorId: row.actor_id,
    action: row.action as AuditAction,
    outcome: row.outcome as AuditOutcome,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    aggregateVersion: row.aggregate_version,
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    correlationId: row.correlation_id,
    reason: row.reason,
    change: row.change,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
