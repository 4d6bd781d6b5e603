/**
 * The raw baseline of the vitals scenario: POST /api/v1/encounters/:id/vitals
 * on node:http and pg, no framework and no Redis. The floor's HS256 check
 * (floor-token.ts), the body checked for its shape and then by the domain's
 * own checkVitalSet (codes, units, possible values, BMI computed, the
 * interpretations), and in one transaction: the encounter share-locked with
 * its department and status checked, the set and its observations inserted
 * with the vitals repository's own statements, and one event row (the
 * server's VitalsRecorded snapshot) in a table of its own; then the set as
 * JSON, 201. What it leaves out is listed in docs/benchmarks.md. Run as its
 * own process, with the server's environment and its own PORT; the bench
 * drops its table afterwards.
 */
import type { IncomingMessage } from 'node:http';
// The repository and the views carry Nest decorators, which need the metadata polyfill first.
import 'reflect-metadata';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '../../libs/ddd/src/uuid-v7.js';
import { loadConfig } from '../../src/config/app-config.js';
import { VitalViews, vitalSetSnapshot } from '../../src/modules/emr/application/vital-views.js';
import { checkVitalSet, MEASURED_VITAL_CODES, type MeasuredVital } from '../../src/modules/emr/domain/vital-signs.js';
import { ClinicalTextCipher } from '../../src/modules/emr/infrastructure/clinical-text-cipher.js';
import { VitalRepository } from '../../src/modules/emr/infrastructure/vital.repository.js';
import { baselinePool, placementOnce } from './baseline-db.js';
import { bearerSubject, hs256Keys, VITALS_EVENTS_TABLE } from './floor-token.js';
import { readBody, Refusal, serveRoutes } from './patient-read-server.js';

const config = loadConfig(process.env);
const pool = baselinePool(config, 'hms-bench-vitals-baseline');
const jwtKeys = hs256Keys(config);
const repository = new VitalRepository();
const views = new VitalViews(new ClinicalTextCipher(config));

const VITALS_PATH = /^\/api\/v1\/encounters\/([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\/vitals$/i;
const MAX_BODY = 16 * 1024;
const INSERT_EVENT = `INSERT INTO ${VITALS_EVENTS_TABLE} (type, aggregate_id, actor, payload, occurred_at)
  VALUES ('emr.VitalsRecorded.v1', $1, $2, $3::jsonb, now())`;

/** The recorder's department: the scope of the encounter. */
const departmentOf = placementOnce(pool, 'department_id');

/** The request's shape, as the server's DTO asks it: 1 to 8 observations of a string code, a finite number and a string unit. */
function measuredOf(text: string): MeasuredVital[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Refusal(400);
  }
  const observations = (body as { observations?: unknown } | null)?.observations;
  if (!Array.isArray(observations) || observations.length < 1 || observations.length > MEASURED_VITAL_CODES.length) {
    throw new Refusal(400);
  }
  return observations.map((o: unknown) => {
    const { code, value, unit } = (o ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || typeof unit !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Refusal(400);
    }
    return { code, value, unit };
  });
}

async function recordVitals(req: IncomingMessage, encounterId: string): Promise<string> {
  const actor = bearerSubject(req.headers.authorization, jwtKeys);
  if (!actor) throw new Refusal(401);
  const checked = checkVitalSet(measuredOf(await readBody(req, MAX_BODY)));
  if (checked.errors.length > 0) throw new Refusal(400);
  const department = await departmentOf(actor);
  if (!department) throw new Refusal(404);

  const setId = uuidv7();
  const drafts = checked.observations.map((o) => ({ ...o, id: uuidv7() }));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{
      patient_id: string;
      hospital_id: string;
      department_id: string;
      responsible_user_ids: string[];
      status: string;
    }>(`SELECT patient_id, hospital_id, department_id, responsible_user_ids, status FROM encounters WHERE id = $1 FOR SHARE`, [
      encounterId,
    ]);
    const encounter = rows[0];
    if (!encounter || encounter.department_id !== department) throw new Refusal(404);
    // Open encounters only: a finished one would need a late-entry reason, a void one takes nothing.
    if (encounter.status !== 'planned' && encounter.status !== 'in-progress') throw new Refusal(409);
    // The repository only calls query(sql, params) and reads the rows.
    const tx = {
      query: async (sql: string, params?: unknown[]) => (await client.query<Record<string, unknown>>(sql, params)).rows,
    } as unknown as EntityManager;
    const written = await repository.insertSet(
      tx,
      {
        id: setId,
        encounterId,
        scope: {
          patientId: encounter.patient_id,
          hospitalId: encounter.hospital_id,
          departmentId: encounter.department_id,
          responsibleUserIds: encounter.responsible_user_ids,
        },
        recordedBy: actor,
        effectiveAt: new Date(),
        lateEntry: false,
        lateEntryReason: null,
        piiKeyId: null,
      },
      drafts,
    );
    await client.query(INSERT_EVENT, [setId, actor, JSON.stringify(vitalSetSnapshot(written.set, written.observations))]);
    await client.query('COMMIT');
    return JSON.stringify(views.set(written.set, written.observations));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${VITALS_EVENTS_TABLE} (id bigserial PRIMARY KEY, type text NOT NULL, aggregate_id uuid NOT NULL, actor uuid NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL)`,
);
serveRoutes(
  config.http.port,
  config.http.host,
  [
    {
      method: 'POST',
      path: VITALS_PATH,
      handle: async (req, match) => ({ status: 201, body: await recordVitals(req, match[1].toLowerCase()), version: 1 }),
    },
  ],
  () => pool.end(),
);
