/**
 * The floor of scenario 3 (issue 16): the least work a GET-patient answer
 * could cost on node:http and pg, no framework and no Redis. An HS256 bearer
 * token checked by hand (alg, the key named by kid, signature, exp), one
 * SELECT of the patient row by primary key, AES-256-GCM decryption of its
 * personal fields with the project's codec, one INSERT of an access record in
 * its own commit, a JSON answer with an ETag. Run as its own process, with the
 * server's environment and its own PORT; the bench drops its table afterwards.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';
import { DEFAULT_PURPOSE_OF_USE } from '../../libs/authz/src/purpose-of-use.js';
import { keyringOf } from '../../libs/crypto/src/keyring.js';
import { loadConfig } from '../../src/config/app-config.js';
import { decryptPersonalData } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import type { PatientRow } from '../../src/modules/patients/infrastructure/patient-row.js';
import { FLOOR_ACCESS_TABLE, verifyHs256 } from './floor-token.js';

const config = loadConfig(process.env);
const pool = new pg.Pool({
  connectionString: config.database.url,
  max: config.database.poolSize,
  statement_timeout: config.database.statementTimeoutMs,
  application_name: 'hms-bench-floor',
});
const keyring = keyringOf(config.crypto.piiKeys);
const jwtKeys: ReadonlyMap<string, KeyObject> = new Map(config.auth.jwtKeys.map((k) => [k.id, createSecretKey(k.secret)]));

const PATIENT_PATH = /^\/api\/v1\/patients\/([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/i;
const BEARER = /^Bearer (\S+)$/;
const INSERT_ACCESS = `INSERT INTO ${FLOOR_ACCESS_TABLE} (actor, patient, purpose, at) VALUES ($1, $2, $3, now())`;

class Refusal extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

async function getPatient(authorization: string | undefined, purpose: unknown, patientId: string) {
  const match = BEARER.exec(authorization ?? '');
  const actor = match ? verifyHs256(match[1], jwtKeys, Date.now()) : undefined;
  if (!actor) throw new Refusal(401);
  const { rows } = await pool.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [patientId]);
  const [row] = rows;
  if (!row) throw new Refusal(404);
  const data = decryptPersonalData(keyring, row.id, row);
  const body = JSON.stringify({
    id: row.id,
    mrn: row.mrn,
    ...data,
    sex: row.sex,
    registeringHospitalId: row.registering_hospital_id,
    status: row.status,
    mergedIntoId: row.merged_into_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  // Durable before the data leaves: one autocommitted statement.
  await pool.query(INSERT_ACCESS, [
    actor,
    row.id,
    typeof purpose === 'string' && purpose !== '' ? purpose : DEFAULT_PURPOSE_OF_USE,
  ]);
  return { body, version: row.version };
}

function send(res: ServerResponse, status: number, body: string, type = 'application/problem+json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/health/live') return send(res, 200, '{"status":"ok"}', 'application/json');
  const match = req.method === 'GET' ? PATIENT_PATH.exec(path) : null;
  if (!match) return send(res, 404, '{"status":404}');
  getPatient(req.headers.authorization, req.headers['x-purpose-of-use'], match[1].toLowerCase()).then(
    ({ body, version }) => {
      res.setHeader('ETag', `"${version}"`);
      send(res, 200, body, 'application/json');
    },
    (error: unknown) => {
      const status = error instanceof Refusal ? error.status : 500;
      if (status === 500) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      send(res, status, JSON.stringify({ status }));
    },
  );
});
server.keepAliveTimeout = 65_000;

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${FLOOR_ACCESS_TABLE} (id bigserial PRIMARY KEY, actor uuid NOT NULL, patient uuid NOT NULL, purpose text NOT NULL, at timestamptz NOT NULL)`,
);
server.listen(config.http.port, config.http.host);
// Requests in flight finish before the pool closes.
const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
