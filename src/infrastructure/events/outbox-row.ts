import type { Actor, AuditAction, AuditOutcome, DomainEventEnvelope } from '@hms/ddd';

/** An outbox row as the pg driver returns it. */
export interface OutboxRow {
  id: string;
  event_id: string;
  type: string;
  /** The event class's declared audit filing, stored so the audit writer never has to know the class. */
  audit_action: AuditAction;
  audit_outcome: AuditOutcome;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  occurred_at: Date;
  actor: Actor;
  correlation_id: string;
  payload: unknown;
  /** Stored already dispatched, and deleted once audited (ADR 26). */
  fact_only: boolean;
  published_at: Date | null;
  dispatched_at: Date | null;
}

/** The event columns of an outbox row, without the delivery bookkeeping. */
export type OutboxEventRow = Omit<OutboxRow, 'published_at' | 'dispatched_at'>;

export function toEnvelope(row: OutboxEventRow): DomainEventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    audit: { action: row.audit_action, outcome: row.audit_outcome },
    occurredAt: row.occurred_at,
    actor: row.actor,
    correlationId: row.correlation_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    payload: row.payload,
  };
}
