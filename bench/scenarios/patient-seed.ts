import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { AppConfig } from '../../src/config/app-config.js';
import { BLIND_INDEX_COLUMNS, ENCRYPTED_COLUMNS } from '../../src/modules/patients/infrastructure/patient-encryption.js';
import type { FromSeedWorker, SeedSample, SeedWorkerData } from './patient-seed-protocol.js';

const WORKER = new URL('./patient-seed.worker.js', import.meta.url);
/** Generated MRNs of the server are `PATIENT_MRN_PREFIX` + number (MRN by default); seeded ones can never meet them. */
export const SEED_MRN_PREFIX = 'SEED';
/** About this many patients are kept in memory for the request pools. */
const SAMPLE_SIZE = 20_000;

const PATIENT_COLUMNS = [
  'id',
  'mrn',
  'sex',
  'registering_hospital_id',
  ...Object.values(ENCRYPTED_COLUMNS),
  'pii_key_id',
  ...Object.values(BLIND_INDEX_COLUMNS),
  'blind_index_key_id',
];

export interface SeedResult {
  readonly patients: number;
  readonly threads: number;
  /** From dropping the secondary indexes to the last COPY committed. */
  readonly copySeconds: number;
  /** Rebuilding those indexes. */
  readonly indexSeconds: number;
  readonly analyzeSeconds: number;
  /** The whole seeding: COPY, indexes, ANALYZE. */
  readonly seconds: number;
  readonly sample: readonly SeedSample[];
}

/**
 * One thread's share over one connection, in one transaction: COPY of its
 * patients, then COPY of their care links (which reference them).
 */
async function seedShare(db: pg.Pool, data: SeedWorkerData): Promise<readonly SeedSample[]> {
  const client = await db.connect();
  const worker = new Worker(WORKER, { workerData: data });
  try {
    await client.query('BEGIN');
    let copy: CopyStreamQuery = client.query(copyFrom(`COPY patients (${PATIENT_COLUMNS.join(', ')}) FROM STDIN (FORMAT text)`));
    const sample = await new Promise<readonly SeedSample[]>((resolve, reject) => {
      const fail = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
      worker.once('error', fail);
      worker.once('exit', (code) => code !== 0 && fail(new Error(`a seeding thread exited with code ${code}`)));
      // Messages come one at a time: the thread waits for 'next' before it sends another.
      worker.on('message', (message: FromSeedWorker) => {
        void (async () => {
          if (message.kind === 'chunk') {
            if (!copy.write(message.text)) await once(copy, 'drain');
          } else if (message.kind === 'end') {
            copy.end();
            await finished(copy);
            copy = client.query(copyFrom(`COPY patient_care_links (patient_id, kind, ref_id, source) FROM STDIN (FORMAT text)`));
          } else {
            copy.end();
            await finished(copy);
            return resolve(message.sample);
          }
          worker.postMessage('next');
        })().catch(fail);
      });
    });
    await client.query('COMMIT');
    return sample;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await worker.terminate();
    client.release();
  }
}

/** Indexes of these tables other than primary keys (foreign keys need those), with their definitions. */
async function secondaryIndexes(db: pg.Pool, tables: readonly string[]): Promise<{ name: string; definition: string }[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')
      ORDER BY i.indexname`,
    [tables],
  );
  return rows;
}

/** Builds the indexes again from their own definitions, two at a time. */
async function rebuild(db: pg.Pool, indexes: readonly { definition: string }[]): Promise<void> {
  const queue = [...indexes];
  await Promise.all(
    [0, 1].map(async () => {
      const client = await db.connect();
      try {
        await client.query(`SET maintenance_work_mem = '256MB'`);
        for (let next = queue.shift(); next; next = queue.shift()) await client.query(next.definition);
      } finally {
        client.release();
      }
    }),
  );
}

/**
 * Seeds `count` invented patients straight into `patients` and
 * `patient_care_links` with COPY, encrypted and indexed by the server's own
 * codec under the keys the server was started with, each linked to
 * `departmentId` (so that department's doctors read them), registered at
 * `hospitalId`. The work is split over one thread per core, each with its
 * own connection. As in any bulk load, the secondary indexes are dropped
 * first and built again from their definitions afterwards (sorting once is
 * far cheaper than inserting a million random hashes into eleven B-trees;
 * primary keys stay, foreign keys need them), then ANALYZE. The server does
 * not touch these tables meanwhile.
 */
export async function seedPatients(
  db: pg.Pool,
  config: AppConfig,
  options: {
    readonly count: number;
    readonly hospitalId: string;
    readonly departmentId: string;
    /** The number of the first patient (1 by default); a second seeding starts past the first's, so MRNs stay unique. */
    readonly firstNumber?: number;
  },
): Promise<SeedResult> {
  const first = options.firstNumber ?? 1;
  const threads = Math.max(1, Math.min(availableParallelism(), Math.ceil(options.count / 10_000)));
  const per = Math.ceil(options.count / threads);
  const sampleEvery = Math.max(1, Math.floor(options.count / SAMPLE_SIZE));
  const [indexKey] = config.crypto.blindIndexKeys;
  const started = performance.now();
  const indexes = await secondaryIndexes(db, ['patients', 'patient_care_links']);
  for (const index of indexes) await db.query(`DROP INDEX ${pg.escapeIdentifier(index.name)}`);
  const samples = await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      seedShare(db, {
        from: first + t * per,
        to: first + Math.min(options.count, (t + 1) * per),
        seed: 7_919 * (t + 1),
        sampleEvery,
        mrnPrefix: SEED_MRN_PREFIX,
        hospitalId: options.hospitalId,
        departmentId: options.departmentId,
        piiKeys: config.crypto.piiKeys.map((k) => ({ id: k.id, secret: new Uint8Array(k.secret) })),
        indexKey: { id: indexKey.id, secret: new Uint8Array(indexKey.secret) },
      }),
    ),
  );
  const copySeconds = (performance.now() - started) / 1000;
  const indexing = performance.now();
  await rebuild(db, indexes);
  const indexSeconds = (performance.now() - indexing) / 1000;
  const analyzing = performance.now();
  await db.query('ANALYZE patients');
  await db.query('ANALYZE patient_care_links');
  return {
    patients: options.count,
    threads,
    copySeconds,
    indexSeconds,
    analyzeSeconds: (performance.now() - analyzing) / 1000,
    seconds: (performance.now() - started) / 1000,
    sample: samples.flat(),
  };
}
