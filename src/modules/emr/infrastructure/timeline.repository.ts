import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { TimelineKind } from '../domain/timeline-kind.js';
import { TIMELINE_SOURCES, type TimelineSource } from './timeline-sources.js';

/** A row of the timeline's UNION, the scope columns included. */
export interface TimelineRow {
  kind: TimelineKind;
  id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  encounter_id: string | null;
  status: string;
  version: number;
  listed_at: Date;
  /** listed_at to the microsecond (the keyset). */
  listed_key: string;
  summary: Record<string, unknown>;
}

export interface TimelineQuery {
  readonly patientIds: readonly string[];
  readonly kinds: readonly TimelineKind[];
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  readonly after?: { readonly listedAt: string; readonly id: string };
  readonly limit: number;
}

/** The scope columns every timeline source has, under its alias `t`. */
export const TIMELINE_SCOPE_COLUMNS = {
  patientId: 't.patient_id',
  hospitalId: 't.hospital_id',
  departmentId: 't.department_id',
  responsibleUserIds: 't.responsible_user_ids',
} as const;

@Injectable()
export class TimelineRepository {
  /**
   * One page of a patient's timeline within the reader's scope (`scope`
   * binds its parameters from $1, over TIMELINE_SCOPE_COLUMNS), newest first
   * by (listed_at, id); `limit + 1` rows tell whether another follows. Each
   * kind is its own ordered, limited SELECT over its patient index, so
   * PostgreSQL reads at most a page and one row per kind and merges them.
   * With `patientWideOpen`, the patient-wide kinds take every row of the
   * patient (the reader's scopes reach the patient itself).
   */
  async page(
    db: { query<R>(sql: string, params: unknown[]): Promise<R[]> },
    query: TimelineQuery,
    scope: SqlFilter,
    patientWideOpen = false,
  ): Promise<TimelineRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    // One id walks each kind's patient index in order, and only the rows the page takes are summarised;
    // with a merged duplicate's id too, each branch sorts its rows first.
    const patient =
      query.patientIds.length === 1
        ? `t.patient_id = ${bind(query.patientIds[0])}::uuid`
        : `t.patient_id = ANY(${bind(query.patientIds)}::uuid[])`;
    const where = [patient];
    if (query.from) where.push(`t.listed_at >= ${bind(query.from)}::timestamptz`);
    if (query.to) where.push(`t.listed_at < ${bind(query.to)}::timestamptz`);
    if (query.after) {
      where.push(`(t.listed_at, t.id) < (${bind(query.after.listedAt)}::timestamptz, ${bind(query.after.id)}::uuid)`);
    }
    const limit = bind(query.limit + 1);
    // `OR TRUE` keeps the scope's parameters in the statement (typed) when no kind uses them; the planner folds it away.
    const sourceScope = (source: TimelineSource) =>
      patientWideOpen && source.patientWide ? `(${scope.sql} OR TRUE)` : scope.sql;
    const selects = TIMELINE_SOURCES.filter((source) => query.kinds.includes(source.kind)).map(
      (source) => `(SELECT '${source.kind}'::text AS kind, t.id, t.patient_id, t.hospital_id, t.department_id,
                           t.responsible_user_ids, ${source.encounterId} AS encounter_id, ${source.status} AS status,
                           ${source.version} AS version, t.listed_at, ${source.summary} AS summary
                      FROM ${source.table} t
                     WHERE ${[sourceScope(source), ...where, ...(source.where ? [source.where] : [])].join(' AND ')}
                     ORDER BY t.listed_at DESC, t.id DESC LIMIT ${limit})`,
    );
    if (selects.length === 0) return [];
    return db.query<TimelineRow>(
      `SELECT u.*, to_char(u.listed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS listed_key
         FROM (${selects.join(' UNION ALL ')}) u
        ORDER BY u.listed_at DESC, u.id DESC LIMIT ${limit}`,
      params,
    );
  }
}
