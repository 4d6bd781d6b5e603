/**
 * The floor of scenario 3 (issue 16): the least work a GET-patient answer
 * could cost on node:http and pg, no framework and no Redis. An HS256 bearer
 * token checked by hand (alg, the key named by kid, signature, exp), one
 * SELECT of the patient row by primary key, AES-256-GCM decryption of its
 * personal fields with the project's codec, one INSERT of an access record in
 * its own commit, a JSON answer with an ETag. Run as its own process, with the
 * server's environment and its own PORT; the bench drops its table afterwards.
 */
import { DEFAULT_PURPOSE_OF_USE } from '../../libs/authz/src/purpose-of-use.js';
import { keyringOf } from '../../libs/crypto/src/keyring.js';
import { loadConfig } from '../../src/config/app-config.js';
import { decryptPersonalData } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import type { PatientRow } from '../../src/modules/patients/infrastructure/patient-row.js';
import { baselinePool } from './baseline-db.js';
import { bearerSubject, FLOOR_ACCESS_TABLE, hs256Keys } from './floor-token.js';
import { Refusal, servePatientReads } from './patient-read-server.js';

const config = loadConfig(process.env);
const pool = baselinePool(config, 'hms-bench-floor');
const keyring = keyringOf(config.crypto.piiKeys);
const jwtKeys = hs256Keys(config);

const INSERT_ACCESS = `INSERT INTO ${FLOOR_ACCESS_TABLE} (actor, patient, purpose, at) VALUES ($1, $2, $3, now())`;

async function getPatient(authorization: string | undefined, purpose: unknown, patientId: string) {
  const actor = bearerSubject(authorization, jwtKeys);
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

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${FLOOR_ACCESS_TABLE} (id bigserial PRIMARY KEY, actor uuid NOT NULL, patient uuid NOT NULL, purpose text NOT NULL, at timestamptz NOT NULL)`,
);
servePatientReads(
  config.http.port,
  config.http.host,
  { patient: (req, patientId) => getPatient(req.headers.authorization, req.headers['x-purpose-of-use'], patientId) },
  () => pool.end(),
);
