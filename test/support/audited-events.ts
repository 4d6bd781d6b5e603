import type pg from 'pg';
import { AuditWriter } from '../../src/modules/audit/infrastructure/audit-writer.js';
import type { TestApp } from './test-app.js';

/**
 * The audit store's entries under the outbox's column names, so a condition
 * written against the outbox reads the same here (order by `sequence`).
 * Fact-only events (reads of patient data, refusals, failed sign-ins,
 * auditors' queries) leave the outbox as the audit writer chains them
 * (ADR 26): the store is where they are sure to be.
 */
export const AUDITED_EVENTS = `(SELECT sequence, event_id, type, resource_type AS aggregate_type, resource_id AS aggregate_id,
  aggregate_version, change AS payload, actor, correlation_id FROM audit_events) AS audited`;

/** Appends everything committed so far to the audit store (what the audit queue's jobs do), then runs the query. */
export async function queryAudited<R extends pg.QueryResultRow = Record<string, unknown>>(
  t: TestApp,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  await t.app.get(AuditWriter).appendPending();
  return t.db.query<R>(sql, params);
}
