import type { DomainEvent } from '@hms/ddd';
import type { EntityManager } from 'typeorm';

export const OUTBOX_CHANNEL = 'hms_outbox';

/** Writes recorded events to the outbox inside the caller's transaction. */
export async function appendToOutbox(manager: EntityManager, events: readonly DomainEvent<unknown>[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (event_id, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor, correlation_id, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::jsonb[], $8::text[], $9::jsonb[])`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.aggregateType),
      events.map((e) => e.aggregateId),
      events.map((e) => e.aggregateVersion),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => JSON.stringify(e.actor)),
      events.map((e) => e.correlationId),
      events.map((e) => JSON.stringify(e.payload ?? {})),
    ],
  );
  // NOTIFY is delivered at commit, and not at all on rollback: exactly the wake-up the relay needs.
  await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
}
