import type { DomainEvent } from '@hms/ddd';

/**
 * Writes recorded events to the outbox in one statement: inside the caller's
 * transaction, or on its own (a single statement is atomic), which makes a
 * fact-only write one round trip. The caller wakes the relay after its
 * commit (OutboxSignal). Events whose class is fact-only are written already
 * published and dispatched: the relay never selects or updates them, and the
 * audit writer deletes them as it chains them (ADR 26).
 */
export async function appendToOutbox(runner: SqlRunner, events: readonly DomainEvent<unknown>[]): Promise<void> {
  if (events.length === 0) return;
  await runner.query(
    `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
       occurred_at, actor, correlation_id, payload, fact_only, published_at, dispatched_at)
     SELECT e.*, CASE WHEN e.fact_only THEN now() END, CASE WHEN e.fact_only THEN now() END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[],
         $9::jsonb[], $10::text[], $11::jsonb[], $12::boolean[]) AS e (event_id, type, audit_action, audit_outcome, aggregate_type,
         aggregate_id, aggregate_version, occurred_at, actor, correlation_id, payload, fact_only)`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.audit.action),
      events.map((e) => e.audit.outcome),
      events.map((e) => e.aggregateType),
      events.map((e) => e.aggregateId),
      events.map((e) => e.aggregateVersion),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => JSON.stringify(e.actor)),
      events.map((e) => e.correlationId),
      events.map((e) => JSON.stringify(e.payload ?? {})),
      events.map((e) => e.factOnly),
    ],
  );
}

/** Anything that runs SQL: an EntityManager inside a transaction, or the DataSource for a single statement. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}
