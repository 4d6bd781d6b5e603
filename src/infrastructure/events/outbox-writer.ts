import type { DomainEvent } from '@hms/ddd';

const OUTBOX_COLUMNS = `event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
       occurred_at, actor, correlation_id, payload, fact_only, published_at, dispatched_at`;

const UNNEST_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['event_id', 'uuid'],
  ['type', 'text'],
  ['audit_action', 'text'],
  ['audit_outcome', 'text'],
  ['aggregate_type', 'text'],
  ['aggregate_id', 'text'],
  ['aggregate_version', 'int'],
  ['occurred_at', 'timestamptz'],
  ['actor', 'jsonb'],
  ['correlation_id', 'text'],
  ['payload', 'jsonb'],
  ['fact_only', 'boolean'],
];

/**
 * The events as a SELECT of outbox rows (OUTBOX_COLUMNS, one array parameter
 * per event column), placeholders from `firstParam`. Fact-only events are
 * stored already published and dispatched: the relay never selects or
 * updates them, and the audit writer deletes them as it chains them (ADR 26).
 */
function outboxRows(events: readonly DomainEvent<unknown>[], firstParam: number): { sql: string; params: unknown[] } {
  const arrays = UNNEST_COLUMNS.map(([, type], i) => `$${firstParam + i}::${type}[]`).join(', ');
  return {
    sql: `SELECT e.*, CASE WHEN e.fact_only THEN now() END, CASE WHEN e.fact_only THEN now() END
       FROM unnest(${arrays}) AS e (${UNNEST_COLUMNS.map(([name]) => name).join(', ')})`,
    params: [
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
  };
}

/**
 * Writes recorded events to the outbox in one statement: inside the caller's
 * transaction, or on its own (a single statement is atomic), which makes a
 * fact-only write one round trip. The caller wakes the relay after its
 * commit (OutboxSignal).
 */
export async function appendToOutbox(runner: SqlRunner, events: readonly DomainEvent<unknown>[]): Promise<void> {
  if (events.length === 0) return;
  const rows = outboxRows(events, 1);
  await runner.query(`INSERT INTO outbox (${OUTBOX_COLUMNS}) ${rows.sql}`, rows.params);
}

/** Anything that runs SQL: an EntityManager inside a transaction, or the DataSource for a single statement. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}
