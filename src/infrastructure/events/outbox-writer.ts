import type { SqlFilter } from '@hms/authz';
import type { DomainEvent } from '@hms/ddd';
import { type UnnestColumn, unnestRows } from '../database/unnest-rows.js';

/** A statement with its parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

const OUTBOX_COLUMNS = `event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
       occurred_at, actor, correlation_id, payload, fact_only, published_at, dispatched_at`;

const OUTBOX_ROW: readonly UnnestColumn<DomainEvent<unknown>>[] = [
  ['event_id', 'uuid', (e) => e.eventId],
  ['type', 'text', (e) => e.type],
  ['audit_action', 'text', (e) => e.audit.action],
  ['audit_outcome', 'text', (e) => e.audit.outcome],
  ['aggregate_type', 'text', (e) => e.aggregateType],
  ['aggregate_id', 'text', (e) => e.aggregateId],
  ['aggregate_version', 'int', (e) => e.aggregateVersion],
  ['occurred_at', 'timestamptz', (e) => e.occurredAt.toISOString()],
  ['actor', 'jsonb', (e) => JSON.stringify(e.actor)],
  ['correlation_id', 'text', (e) => e.correlationId],
  ['payload', 'jsonb', (e) => JSON.stringify(e.payload ?? {})],
  ['fact_only', 'boolean', (e) => e.factOnly],
];

/**
 * The events as a SELECT of outbox rows (OUTBOX_COLUMNS, one array parameter
 * per event column), placeholders from `firstParam`. Fact-only events are
 * stored already published and dispatched: the relay never selects or
 * updates them, and the audit writer deletes them as it chains them (ADR 26).
 */
function outboxRows(events: readonly DomainEvent<unknown>[], firstParam: number): SqlStatement {
  const rows = unnestRows('e', OUTBOX_ROW, events, firstParam);
  return {
    sql: `SELECT e.*, CASE WHEN e.fact_only THEN now() END, CASE WHEN e.fact_only THEN now() END
       FROM ${rows.sql}`,
    params: rows.params,
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

/**
 * A read and its access record as one statement (ADR 29): `select` finds
 * the record (as `r`, at most one row), and the events' outbox rows are
 * inserted only when `servedWhen` holds for it, the reader's scope rendered
 * in SQL over r's columns (placeholders from the number it is given). Both
 * run in one snapshot and commit together, so a record the trail does not
 * hold is never served, in one round trip. Answers r's columns and
 * `access_recorded`; no row when there is no such record (nothing recorded).
 */
export function recordedReadSql(
  select: SqlStatement,
  servedWhen: (firstParam: number) => SqlFilter,
  events: readonly DomainEvent<unknown>[],
): SqlStatement {
  const params = [...select.params];
  const scope = servedWhen(params.length + 1);
  params.push(...scope.params);
  const rows = outboxRows(events, params.length + 1);
  params.push(...rows.params);
  return {
    sql: `WITH r AS (${select.sql}),
       access AS (
         INSERT INTO outbox (${OUTBOX_COLUMNS})
         ${rows.sql} WHERE EXISTS (SELECT 1 FROM r WHERE ${scope.sql})
         RETURNING 1)
     SELECT r.*, EXISTS (SELECT 1 FROM access) AS access_recorded FROM r`,
    params,
  };
}

/** Anything that runs SQL: an EntityManager inside a transaction, or the DataSource for a single statement. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}
