/**
 * The raw baseline of the timeline scenario: GET /api/v1/patients/:id/timeline
 * on node:http and pg, no framework and no Redis. The floor's HS256 check
 * (floor-token.ts), the timeline repository's own UNION over TIMELINE_SOURCES
 * (so it reads what the server reads as kinds are added) with the reader's
 * department as the scope, one autocommitted multi-row INSERT of an access
 * record per kind on the page naming its records (as the server records one
 * event per patient and kind) into its own table, and the page as JSON. What it
 * leaves out is listed in docs/benchmarks.md. Run as its own process, with the
 * server's environment and its own PORT; the bench drops its table afterwards.
 */
// The timeline repository carries a Nest decorator, which needs the metadata polyfill first.
import 'reflect-metadata';
import type { EntityManager } from 'typeorm';
import { DEFAULT_PURPOSE_OF_USE, toPurposeOfUse } from '../../libs/authz/src/purpose-of-use.js';
import { loadConfig } from '../../src/config/app-config.js';
import { encodeEncounterCursor } from '../../src/modules/emr/domain/encounter-cursor.js';
import { TIMELINE_KINDS } from '../../src/modules/emr/domain/timeline-kind.js';
import { TimelineRepository } from '../../src/modules/emr/infrastructure/timeline.repository.js';
import { TIMELINE_SOURCES } from '../../src/modules/emr/infrastructure/timeline-sources.js';
import { baselinePool, placementOnce } from './baseline-db.js';
import { bearerSubject, hs256Keys, TIMELINE_ACCESS_TABLE } from './floor-token.js';
import { Refusal, servePatientReads } from './patient-read-server.js';

const config = loadConfig(process.env);
const pool = baselinePool(config, 'hms-bench-timeline-baseline');
const jwtKeys = hs256Keys(config);
// The repository only calls query(sql, params) and reads the rows.
const db = {
  query: async (sql: string, params?: unknown[]): Promise<unknown[]> =>
    (await pool.query<Record<string, unknown>>(sql, params)).rows,
} as unknown as EntityManager;
const repository = new TimelineRepository();
const SOURCES = new Map(TIMELINE_SOURCES.map((source) => [source.kind, source]));

const LIMIT = /^[1-9]\d{0,2}$/;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const INSERT_ACCESS = `INSERT INTO ${TIMELINE_ACCESS_TABLE} (actor, patient, resource_type, record_ids, purpose, at)
  SELECT $1, a.patient, a.resource_type, string_to_array(a.record_ids, ',')::uuid[], $5, now()
    FROM unnest($2::uuid[], $3::text[], $4::text[]) AS a(patient, resource_type, record_ids)`;

/** The reader's department: the scope of the page. */
const departmentOf = placementOnce(pool, 'department_id');

async function timeline(authorization: string | undefined, purpose: unknown, patientId: string, query: URLSearchParams) {
  const actor = bearerSubject(authorization, jwtKeys);
  if (!actor) throw new Refusal(401);
  const purposeOfUse = typeof purpose === 'string' && purpose !== '' ? toPurposeOfUse(purpose) : DEFAULT_PURPOSE_OF_USE;
  const limitParam = query.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : LIMIT.test(limitParam) ? Number(limitParam) : 0;
  if (!purposeOfUse || limit < 1 || limit > MAX_LIMIT) throw new Refusal(400);
  const department = await departmentOf(actor);
  if (!department) throw new Refusal(404);

  const rows = await repository.page(
    db,
    { patientIds: [patientId], kinds: TIMELINE_KINDS, limit },
    { sql: 't.department_id = ANY($1::uuid[])', params: [[department]] },
  );
  const served = rows.slice(0, limit);
  const items = served.map((row) => {
    const source = SOURCES.get(row.kind);
    if (!source) throw new Error(`timeline: no source of kind ${row.kind}`);
    return {
      kind: row.kind,
      id: row.id,
      occurredAt: row.listed_at,
      encounterId: row.encounter_id,
      status: row.status,
      version: row.version,
      summary: source.refine ? source.refine(row.summary) : row.summary,
      href: source.href(row),
    };
  });
  const last = served[served.length - 1];
  const body = JSON.stringify({
    items,
    nextCursor: rows.length > limit && last ? encodeEncounterCursor({ listedAt: last.listed_key, id: last.id }) : null,
  });
  // Durable before the data leaves: one row per patient and kind on the page, naming its records, in one autocommitted statement.
  const byKind = new Map<string, { patient: string; resourceType: string; ids: string[] }>();
  for (const row of served) {
    const resourceType = SOURCES.get(row.kind)!.resourceType;
    const key = `${row.patient_id}|${resourceType}`;
    const group = byKind.get(key) ?? { patient: row.patient_id, resourceType, ids: [] };
    group.ids.push(row.id);
    byKind.set(key, group);
  }
  if (byKind.size > 0) {
    const groups = [...byKind.values()];
    await pool.query(INSERT_ACCESS, [
      actor,
      groups.map((g) => g.patient),
      groups.map((g) => g.resourceType),
      groups.map((g) => g.ids.join(',')),
      purposeOfUse,
    ]);
  }
  return { body };
}

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${TIMELINE_ACCESS_TABLE} (id bigserial PRIMARY KEY, actor uuid NOT NULL, patient uuid NOT NULL, resource_type text NOT NULL, record_ids uuid[] NOT NULL, purpose text NOT NULL, at timestamptz NOT NULL)`,
);
servePatientReads(
  config.http.port,
  config.http.host,
  {
    timeline: (req, patientId, _res, query) =>
      timeline(req.headers.authorization, req.headers['x-purpose-of-use'], patientId, query),
  },
  () => pool.end(),
);
