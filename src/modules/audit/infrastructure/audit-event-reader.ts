import { Injectable } from '@nestjs/common';
import type { AuditEventFilter } from '../application/audit-event-filter.js';
import type { SortOrder } from '../domain/audit-cursor.js';
import type { ChainedAuditEntry } from '../domain/audit-entry.js';
import { storedEventTypes } from '../domain/legacy-event-types.js';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow, toChainedEntry } from './audit-event-row.js';
import { SqlConditions } from './sql-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/** One keyset page: rows after (asc) or before (desc) a sequence, optionally capped at a sequence. */
export interface PageSpec {
  readonly order: SortOrder;
  readonly after?: number;
  readonly limit: number;
  /** The highest sequence to include (an export's snapshot of the head). */
  readonly upTo?: number;
}

function pageConditions(conditions: SqlConditions, alias: string, spec: PageSpec): string {
  conditions.add((p) => `${alias}sequence ${spec.order === 'asc' ? '>' : '<'} ${p}`, spec.after);
  conditions.add((p) => `${alias}sequence <= ${p}`, spec.upTo);
  const direction = spec.order === 'asc' ? 'ASC' : 'DESC';
  return `${conditions.where} ORDER BY ${alias}sequence ${direction} LIMIT ${conditions.bind(spec.limit)}`;
}

/**
 * Reads the audit store for the auditors' API: keyset pages in sequence
 * order, filtered in SQL on indexed columns (occurred_at also prunes
 * partitions).
 */
@Injectable()
export class AuditEventReader {
  async page(db: SqlRunner, filter: AuditEventFilter, spec: PageSpec): Promise<ChainedAuditEntry[]> {
    const c = new SqlConditions();
    c.add((p) => `actor_id = ${p}`, filter.actorId);
    c.add((p) => `patient_id = ${p}`, filter.patientId);
    c.add((p) => `resource_type = ${p}`, filter.resourceType);
    c.add((p) => `resource_id = ${p}`, filter.resourceId);
    // Entries stored before types were namespaced keep their class name: a filter matches both forms.
    c.add((p) => `type = ANY(${p}::text[])`, filter.type === undefined ? undefined : storedEventTypes(filter.type));
    c.add((p) => `action = ${p}`, filter.action);
    c.add((p) => `outcome = ${p}`, filter.outcome);
    c.add((p) => `correlation_id = ${p}`, filter.correlationId);
    c.add((p) => `actor->>'sessionRef' = ${p}`, filter.sessionRef);
    c.add((p) => `occurred_at >= ${p}`, filter.from?.toISOString());
    c.add((p) => `occurred_at < ${p}`, filter.to?.toISOString());
    const tail = pageConditions(c, '', spec);
    const rows = await db.query<AuditEventRow[]>(`SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events ${tail}`, c.params);
    return rows.map(toChainedEntry);
  }

  /**
   * The versioned events of one aggregate (version 0 facts such as reads
   * excluded), through the event-store side table, oldest first.
   */
  async versions(db: SqlRunner, aggregateType: string, aggregateId: string, until?: Date): Promise<ChainedAuditEntry[]> {
    const rows = await db.query<AuditEventRow[]>(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events
        WHERE sequence IN (SELECT sequence FROM audit_aggregate_versions WHERE aggregate_type = $1 AND aggregate_id = $2)
          AND ($3::timestamptz IS NULL OR occurred_at <= $3)
        ORDER BY aggregate_version`,
      [aggregateType, aggregateId, until?.toISOString() ?? null],
    );
    return rows.map(toChainedEntry);
  }

  async byEventId(db: SqlRunner, eventId: string): Promise<ChainedAuditEntry | undefined> {
    const [row] = await db.query<AuditEventRow[]>(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events
        WHERE sequence = (SELECT sequence FROM audit_event_ids WHERE event_id = $1)`,
      [eventId],
    );
    return row ? toChainedEntry(row) : undefined;
  }

  /**
   * Every entry about one patient, each marked when it was break-the-glass:
   * the grant itself, an access flagged so by the context that served it, or
   * an access by a user while a grant of theirs for this patient was open.
   * Grants are found by their declared action, which every version of the
   * grant event (and its legacy entries) shares, rather than by type name.
   */
  async accessReport(
    db: SqlRunner,
    patientId: string,
    window: { readonly from?: Date; readonly to?: Date },
    spec: PageSpec,
  ): Promise<{ entry: ChainedAuditEntry; breakGlass: boolean }[]> {
    const c = new SqlConditions();
    c.add((p) => `e.patient_id = ${p}`, patientId);
    c.add((p) => `e.occurred_at >= ${p}`, window.from?.toISOString());
    c.add((p) => `e.occurred_at < ${p}`, window.to?.toISOString());
    const tail = pageConditions(c, 'e.', spec);
    const rows = await db.query<(AuditEventRow & { break_glass: boolean })[]>(
      `SELECT ${AUDIT_EVENT_COLUMNS.replace(/(\w+)/g, 'e.$1')},
              (e.action = 'emergency-access' OR e.change @> '{"breakGlass": true}' OR EXISTS (
                 SELECT 1 FROM audit_events g
                  WHERE g.patient_id = e.patient_id AND g.action = 'emergency-access' AND g.actor_id = e.actor_id
                    AND g.occurred_at <= e.occurred_at
                    AND CASE WHEN g.change->>'expiresAt' ~ '^\\d{4}-\\d{2}-\\d{2}T'
                             THEN (g.change->>'expiresAt')::timestamptz > e.occurred_at ELSE false END)) AS break_glass
         FROM audit_events e ${tail}`,
      c.params,
    );
    return rows.map((row) => ({ entry: toChainedEntry(row), breakGlass: row.break_glass }));
  }

  /** The last sequence committed: an export reads up to here, so rows appended meanwhile do not join it. */
  async headSequence(db: SqlRunner): Promise<number> {
    const [head] = await db.query<{ last_sequence: string }[]>(`SELECT last_sequence FROM audit_chain_head WHERE id = 1`);
    return Number(head.last_sequence);
  }
}
