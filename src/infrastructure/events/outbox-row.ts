import type { Actor, DomainEventEnvelope } from '@hms/ddd';

/** An outbox row as the pg driver returns it. */
export interface OutboxRow {
  id: string;
  event_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  occurred_at: Date;
  actor: Actor;
  correlation_id: string;
  payload: unknown;
  published_at: Date | null;
  dispatched_at: Date | null;
}

/** The event columns of an outbox row, without the delivery bookkeeping. */
export type OutboxEventRow = Omit<OutboxRow, 'published_at' | 'dispatched_at'>;

export function toEnvelope(row: OutboxEventRow): DomainEventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    actor: row.actor,
    correlationId: row.correlation_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    payload: row.payload,
  };
}
