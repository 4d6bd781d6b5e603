import { createReadStream } from 'node:fs';
import { encryptField, type Keyring } from '@hms/crypto';
import { uuidv7 } from '@hms/ddd';
import { parse } from 'csv-parse';
import type pg from 'pg';
import { visitPeriod } from '../../src/modules/emr/domain/past-visit.js';
import { INTAKE_CSV_FORMAT } from '../../src/modules/intake/domain/intake-csv.js';
import { checkIntakeHeader, checkIntakeRecord, type IntakeRecord } from '../../src/modules/intake/domain/intake-record.js';
import { headerFields, recordOfRow } from '../../src/modules/intake/domain/intake-row.js';
import { generateMrn } from '../../src/modules/patients/domain/mrn.js';
import { externalPatientChanges } from '../../src/modules/patients/domain/external-identifier.js';
import type { PatientDetails } from '../../src/modules/patients/domain/patient-details.js';
import {
  BLIND_INDEX_COLUMNS,
  blindIndexesOf,
  decryptPersonalData,
  ENCRYPTED_COLUMNS,
  type EncryptedColumns,
  encryptPersonalData,
} from '../../src/modules/patients/infrastructure/patient-encryption.js';

const ENCRYPTED = Object.values(ENCRYPTED_COLUMNS);
const INDEXED = Object.values(BLIND_INDEX_COLUMNS);
/** The care links' sources, as RegisterPatient and RecordVisit write them. */
const REGISTRATION_SOURCE = 'registration';
const ENCOUNTER_SOURCE = 'emr.encounter';

export interface RawIntakeTarget {
  /** The receiving hospital: the identifiers' assigner and the visits' hospital. */
  readonly hospitalId: string;
  readonly departmentId: string;
  /** Records per transaction: the pipeline's INGEST_CHUNK_SIZE. */
  readonly chunkSize: number;
  /** The hospital's zone, for the visits' periods, and its today, for the records' checks. */
  readonly timeZone: string;
  readonly today: string;
  /** The server's keys: PII_ENCRYPTION_KEYS and the active blind-index key. */
  readonly piiKeyring: Keyring;
  readonly indexKey: { readonly id: string; readonly secret: Buffer };
  readonly mrnPrefix: string;
}

export interface RawIntakeResult {
  readonly records: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly visits: number;
  /** Records the intake's own check refused (none in the bench's feeds). */
  readonly refused: number;
  readonly transactions: number;
  /** From opening the file to the last commit. */
  readonly seconds: number;
}

interface Holder {
  readonly id: string;
  readonly sex: PatientDetails['sex'];
  readonly columns: EncryptedColumns;
}

const arrays = <T>(rows: readonly T[], pick: ((row: T) => unknown)[]) => pick.map((f) => rows.map(f));

/**
 * The raw baseline of scenario 12: the same feed file applied in plain SQL
 * on one pooled connection, in transactions of `chunkSize` records, with
 * the server's own pure code wherever it is plain TypeScript (the CSV
 * format and record check of the intake, the comparison of a sender's
 * data, the patients' encryption and blind indexes, the visit's period).
 * Per chunk: one SELECT ... FOR UPDATE of the holders of the chunk's MRNs
 * (every encrypted column, decrypted and compared as RecordExternalPatient
 * compares them); new patients' HMS MRNs from the same sequence; one
 * INSERT of the new patients (encrypted and indexed under the active keys,
 * sex unknown, as RegisterPatient stores them) and one of their
 * identifiers; one UPDATE of the changed patients (every ciphertext and
 * index rewritten under the active keys and the version bumped, as
 * UpdatePatient does); one INSERT of the visits (finished AMB encounters,
 * version 2, the reason encrypted as the EMR encrypts it, the period at the
 * start of the visit's date in the hospital's zone); one INSERT of the
 * care links (department at registration, hospital and department from the
 * encounter), ON CONFLICT DO NOTHING. Multi-row statements: what plain SQL
 * would do with a chunk. Each MRN may appear once per chunk (true of the
 * bench's feeds; checked).
 */
export async function applyFeedInSql(db: pg.Pool, file: string, target: RawIntakeTarget): Promise<RawIntakeResult> {
  const started = performance.now();
  const client = await db.connect();
  const totals = { records: 0, created: 0, updated: 0, unchanged: 0, visits: 0, refused: 0, transactions: 0 };
  try {
    const parser = createReadStream(file).pipe(parse(INTAKE_CSV_FORMAT));
    let header: string[] | undefined;
    let chunk: IntakeRecord[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const applied = await applyChunk(client, chunk, target);
      totals.created += applied.created;
      totals.updated += applied.updated;
      totals.unchanged += applied.unchanged;
      totals.visits += chunk.length;
      totals.transactions += 1;
      chunk = [];
    };
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        if (checkIntakeHeader(cells)) throw new Error('the feed has no valid intake header');
        header = headerFields(cells);
        continue;
      }
      totals.records += 1;
      const row = recordOfRow(header, cells);
      const check = 'problem' in row ? undefined : checkIntakeRecord(row.record, target.today);
      if (!check?.valid) {
        totals.refused += 1;
        continue;
      }
      chunk.push(check.record);
      if (chunk.length >= target.chunkSize) await flush();
    }
    await flush();
  } finally {
    client.release();
  }
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

async function applyChunk(
  client: pg.PoolClient,
  chunk: readonly IntakeRecord[],
  target: RawIntakeTarget,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const { hospitalId, departmentId, piiKeyring, indexKey } = target;
  const mrns = chunk.map((r) => r.mrn);
  if (new Set(mrns).size !== mrns.length) throw new Error('the raw baseline takes each MRN once per chunk');
  await client.query('BEGIN');
  try {
    const { rows: held } = await client.query<{ value: string; id: string; sex: PatientDetails['sex'] } & EncryptedColumns>(
      `SELECT i.value, p.id, p.sex, ${ENCRYPTED.map((c) => `p.${c}`).join(', ')}
         FROM patient_identifiers i JOIN patients p ON p.id = i.patient_id
        WHERE i.assigner_hospital_id = $1 AND i.value = ANY($2::text[])
          FOR UPDATE OF p`,
      [hospitalId, mrns],
    );
    const holders = new Map<string, Holder>(held.map((h) => [h.value, { id: h.id, sex: h.sex, columns: h }]));

    const created: { id: string; mrn: string; details: PatientDetails }[] = [];
    const updated: { id: string; details: PatientDetails }[] = [];
    const patientOf: string[] = [];
    let unchanged = 0;
    for (const record of chunk) {
      const sent = { firstName: record.firstName, lastName: record.lastName, dateOfBirth: record.birthDate };
      const holder = holders.get(record.mrn);
      if (!holder) {
        const id = uuidv7();
        created.push({ id, mrn: record.mrn, details: { ...personalDataOf(sent), sex: 'unknown' } });
        patientOf.push(id);
        continue;
      }
      patientOf.push(holder.id);
      const stored = decryptPersonalData(piiKeyring, holder.id, holder.columns);
      const changes = externalPatientChanges(stored, sent);
      if (Object.keys(changes).length === 0) unchanged += 1;
      else updated.push({ id: holder.id, details: { ...stored, ...changes, sex: holder.sex } as PatientDetails });
    }

    if (created.length > 0) {
      const { rows: numbers } = await client.query<{ n: string }>(
        `SELECT nextval('patient_mrn_seq')::text AS n FROM generate_series(1, $1)`,
        [created.length],
      );
      const rows = created.map((p, i) => ({
        ...p,
        hmsMrn: generateMrn(target.mrnPrefix, BigInt(numbers[i].n)),
        encrypted: encryptPersonalData(piiKeyring, p.id, p.details),
        indexes: blindIndexesOf(indexKey.secret, p.details),
      }));
      await client.query(
        `INSERT INTO patients (id, mrn, sex, registering_hospital_id, ${ENCRYPTED.join(', ')}, pii_key_id,
                               ${INDEXED.join(', ')}, blind_index_key_id)
         SELECT r.id, r.mrn, 'unknown', $1, ${ENCRYPTED.map((c) => `r.${c}`).join(', ')}, $2,
                ${INDEXED.map((c) => `r.${c}`).join(', ')}, $3
           FROM unnest($4::uuid[], $5::text[], ${[...ENCRYPTED, ...INDEXED].map((_, i) => `$${i + 6}::text[]`).join(', ')})
             AS r(id, mrn, ${[...ENCRYPTED, ...INDEXED].join(', ')})`,
        [
          hospitalId,
          piiKeyring.activeKeyId,
          indexKey.id,
          ...arrays(rows, [
            (r) => r.id,
            (r) => r.hmsMrn,
            ...ENCRYPTED.map((c) => (r: (typeof rows)[number]) => r.encrypted[c]),
            ...INDEXED.map((c) => (r: (typeof rows)[number]) => r.indexes[c]),
          ]),
        ],
      );
      await client.query(
        `INSERT INTO patient_identifiers (assigner_hospital_id, value, patient_id)
         SELECT $1, r.value, r.patient_id FROM unnest($2::text[], $3::uuid[]) AS r(value, patient_id)`,
        [hospitalId, ...arrays(created, [(p) => p.mrn, (p) => p.id])],
      );
    }

    if (updated.length > 0) {
      const rows = updated.map((p) => ({
        ...p,
        encrypted: encryptPersonalData(piiKeyring, p.id, p.details),
        indexes: blindIndexesOf(indexKey.secret, p.details),
      }));
      await client.query(
        `UPDATE patients p
            SET sex = r.sex, ${[...ENCRYPTED, ...INDEXED].map((c) => `${c} = r.${c}`).join(', ')},
                pii_key_id = $1, blind_index_key_id = $2, version = p.version + 1, updated_at = now()
           FROM unnest($3::uuid[], $4::text[], ${[...ENCRYPTED, ...INDEXED].map((_, i) => `$${i + 5}::text[]`).join(', ')})
             AS r(id, sex, ${[...ENCRYPTED, ...INDEXED].join(', ')})
          WHERE p.id = r.id`,
        [
          piiKeyring.activeKeyId,
          indexKey.id,
          ...arrays(rows, [
            (r) => r.id,
            (r) => r.details.sex,
            ...ENCRYPTED.map((c) => (r: (typeof rows)[number]) => r.encrypted[c]),
            ...INDEXED.map((c) => (r: (typeof rows)[number]) => r.indexes[c]),
          ]),
        ],
      );
    }

    const now = new Date();
    const visits = chunk.map((record, i) => {
      const id = uuidv7();
      return {
        id,
        patientId: patientOf[i],
        accountNumber: record.visitAccountNumber,
        reason: encryptField(piiKeyring, record.reason, { table: 'encounters', column: 'reason_text', rowId: id }),
        start: visitPeriod(record.visitDate, target.timeZone, now).start,
      };
    });
    await client.query(
      `INSERT INTO encounters (id, patient_id, hospital_id, department_id, class, status, account_number, reason_text,
                               pii_key_id, period_start, period_end, version)
       SELECT r.id, r.patient_id, $1, $2, 'AMB', 'finished', r.account_number, r.reason_text, $3, r.period_start,
              r.period_start, 2
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[])
           AS r(id, patient_id, account_number, reason_text, period_start)`,
      [
        hospitalId,
        departmentId,
        piiKeyring.activeKeyId,
        ...arrays(visits, [(v) => v.id, (v) => v.patientId, (v) => v.accountNumber, (v) => v.reason, (v) => v.start]),
      ],
    );

    // The registration's department link first, so the encounter's link to the same department finds it.
    const links = [
      ...created.map((p) => [p.id, 'department', departmentId, REGISTRATION_SOURCE]),
      ...patientOf.flatMap((id) => [
        [id, 'hospital', hospitalId, ENCOUNTER_SOURCE],
        [id, 'department', departmentId, ENCOUNTER_SOURCE],
      ]),
    ];
    await client.query(
      `INSERT INTO patient_care_links (patient_id, kind, ref_id, source)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[])
       ON CONFLICT DO NOTHING`,
      [0, 1, 2, 3].map((i) => links.map((link) => link[i])),
    );
    await client.query('COMMIT');
    return { created: created.length, updated: updated.length, unchanged };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A sender's names and birth date as a full set of personal data, every other field empty (as a feed registers them). */
function personalDataOf(sent: { firstName: string; lastName: string; dateOfBirth: string }) {
  return {
    firstName: sent.firstName,
    middleName: null,
    lastName: sent.lastName,
    dateOfBirth: sent.dateOfBirth,
    phone: null,
    email: null,
    address: null,
    nationalId: null,
    emergencyContact: null,
    preferredLanguage: null,
  };
}
