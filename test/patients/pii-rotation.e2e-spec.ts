import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import pg from 'pg';
import { PII_ROTATION_QUEUE, type PiiRotationJobData } from '../../src/modules/patients/infrastructure/pii-rotation-queue.js';
import { StartPiiRotation } from '../../src/modules/patients/application/commands/start-pii-rotation.command.js';
import type { PiiRotationKind } from '../../src/modules/patients/domain/pii-rotation-kind.js';
import { PiiRotationAlreadyRunningError } from '../../src/modules/patients/domain/pii-rotation-already-running.error.js';
import {
  BLIND_INDEX_COLUMNS,
  blindIndexesOf,
  encryptPersonalData,
  encryptPersonalField,
  type SearchKey,
  searchHashes,
  searchInputs,
} from '../../src/modules/patients/infrastructure/patient-encryption.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { REDIS_URL, TEST_KEYS } from '../support/test-env.js';
import {
  decryptRow,
  ENCRYPTED,
  INDEXES,
  keyringEnv,
  newKey,
  ringOf,
  type SeededPatient,
  seedPatients,
  type StoredPatient,
  storedPatients,
} from './support/rotation-patients.js';

/** The built CLI, as operators run it (`npm test` builds first). */
const CLI = 'dist/src/cli.js';
const PATIENTS = 300;
const BATCH = 50;

const k1 = newKey('k1');
const k2 = newKey('k2');
const k3 = newKey('k3');
const b1 = newKey('b1');
const b2 = newKey('b2');
/** Where the data starts: written by processes that knew only k1 and b1. */
const OLD_RING = ringOf(k1);
/** The configured ring after the new key was added first: what every read uses during the rotation. */
const RING = ringOf(k2, k1);
/** After the rotation, k2 alone must read everything. */
const NEW_ONLY = ringOf(k2);

/**
 * Test-only database hooks: a delay per committed batch (so reads can be
 * seen to happen in the middle of a rotation), a one-shot "worker crash" at
 * the batch that reaches 150 rows, and a counter of patient row updates
 * (sequences are not rolled back, so it counts work done by failed attempts).
 */
const TEST_SQL = [
  `CREATE TABLE test_rotation_knobs (delay_seconds float8 NOT NULL, crash_armed boolean NOT NULL)`,
  `INSERT INTO test_rotation_knobs VALUES (0, false)`,
  `CREATE SEQUENCE test_rotation_crash_once`,
  `CREATE SEQUENCE test_patient_updates`,
  `CREATE FUNCTION test_rotation_hooks() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE knobs test_rotation_knobs;
   BEGIN
     SELECT * INTO knobs FROM test_rotation_knobs;
     IF knobs.crash_armed AND OLD.rows_rewritten < 150 AND NEW.rows_rewritten >= 150
        AND nextval('test_rotation_crash_once') = 1 THEN
       RAISE EXCEPTION 'simulated worker crash';
     END IF;
     PERFORM pg_sleep(knobs.delay_seconds);
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER test_rotation_hooks BEFORE UPDATE ON pii_rotations FOR EACH ROW
     WHEN (NEW.rows_rewritten > OLD.rows_rewritten) EXECUTE FUNCTION test_rotation_hooks()`,
  `CREATE FUNCTION test_count_patient_updates() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN PERFORM nextval('test_patient_updates'); RETURN NEW; END $$`,
  `CREATE TRIGGER test_count_patient_updates BEFORE UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION test_count_patient_updates()`,
];

const ENV = {
  PII_ENCRYPTION_KEYS: keyringEnv(k2, k1),
  PII_BLIND_INDEX_KEYS: keyringEnv(b2, b1),
  PII_ROTATION_BATCH_SIZE: String(BATCH),
  // Batch progress is logged at info: the test reads those lines for values that must not be there.
  LOG_LEVEL: 'info',
};

interface RotationRow {
  id: string;
  kind: PiiRotationKind;
  target_key_id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  rows_rewritten: number;
  last_patient_id: string | null;
  error: string | null;
  requested_by: string;
  finished_at: Date | null;
}

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('PII key rotation', () => {
  let t: TestApp;
  let patients: SeededPatient[];
  let before: StoredPatient[];

  const original = (id: string) => patients.find((p) => p.id === id)!;

  /** Runs the built CLI against this file's database, with the keyrings given (the app's by default). */
  const cli = (args: string[], keys: Record<string, string> = {}): Promise<CliRun> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: t.db.url,
          REDIS_URL,
          QUEUE_PREFIX: t.config.queue.prefix,
          ...TEST_KEYS,
          PII_ENCRYPTION_KEYS: ENV.PII_ENCRYPTION_KEYS,
          PII_BLIND_INDEX_KEYS: ENV.PII_BLIND_INDEX_KEYS,
          ...keys,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  const start = async (kind: PiiRotationKind): Promise<string> =>
    (await t.app.get(CommandBus).execute(new StartPiiRotation(kind, systemActor('test-operator')))).rotationId;

  const rotation = async (id: string): Promise<RotationRow> =>
    (
      await t.db.query<RotationRow>(
        `SELECT id, kind, target_key_id, status, rows_rewritten::int AS rows_rewritten, last_patient_id, error, requested_by, finished_at
           FROM pii_rotations WHERE id = $1`,
        [id],
      )
    )[0];

  const finished = (id: string): Promise<RotationRow> =>
    waitFor(
      async () => {
        const row = await rotation(id);
        return row.status === 'RUNNING' ? undefined : row;
      },
      `rotation ${id} to finish`,
      { timeoutMs: 25_000, intervalMs: 50 },
    );

  const events = (id: string) =>
    t.db.query<{ type: string; payload: Record<string, unknown>; actor: Record<string, unknown> }>(
      `SELECT type, payload, actor FROM outbox WHERE aggregate_type = 'PiiRotation' AND aggregate_id = $1 ORDER BY id`,
      [id],
    );

  const setKnobs = (delaySeconds: number, crashArmed = false) =>
    t.db.query('UPDATE test_rotation_knobs SET delay_seconds = $1, crash_armed = $2', [delaySeconds, crashArmed]);

  /** Statements of this database waiting for a row lock on patients: the rotation queued behind a write. */
  const waitingOnPatientLock = () =>
    waitFor(
      async () =>
        (
          await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM patients%'`,
          )
        )[0].n > 0,
      'the rotation to wait for the locked patient row',
    );

  /** A transaction of its own that holds a lock on one patient row until released, as a PATCH in flight does. */
  const holdRowLock = async (id: string) => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [id]);
    return {
      client,
      release: async (commit = false) => {
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        await client.end();
      },
    };
  };

  /**
   * Reads and decrypts every patient with the configured ring, over and over,
   * until `running()` turns false. Answers how many reads there were and how
   * many saw rows under both keys at once (a read in the middle of the rotation).
   */
  const readAllWhile = async (running: () => boolean) => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    let reads = 0;
    let mixed = 0;
    try {
      do {
        const { rows } = await client.query<StoredPatient>(
          `SELECT id, pii_key_id, ${ENCRYPTED.join(', ')} FROM patients ORDER BY id`,
        );
        expect(rows).toHaveLength(PATIENTS);
        for (const row of rows) expect(decryptRow(RING, row)).toEqual(original(row.id).data);
        if (new Set(rows.map((r) => r.pii_key_id)).size > 1) mixed += 1;
        reads += 1;
      } while (running());
    } finally {
      await client.end();
    }
    return { reads, mixed };
  };

  /** The same, through GET /api/v1/patients/:id as a records officer (reads every patient): the API keeps serving every record. */
  const readThroughApiWhile = async (running: () => boolean) => {
    const { accessToken } = await tokenFor(t, 'records_officer');
    let reads = 0;
    do {
      for (const patient of [patients[0], patients[PATIENTS / 2], patients[PATIENTS - 1]]) {
        const res = await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', `Bearer ${accessToken}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ lastName: patient.data.lastName, dateOfBirth: patient.data.dateOfBirth });
        reads += 1;
      }
    } while (running());
    return reads;
  };

  type Search = (sql: string, params: unknown[]) => Promise<{ id: string }[]>;
  const sample = () => [0, 49, 50, 137, 199, 250, 299].map((i) => patients[i]);
  const searchesOfSample = () => sample().reduce((n, p) => n + Object.keys(searchInputs(p.data)).length, 0);
  /**
   * Searches a few patients by every key their data determines, as the patients search does: one
   * hash per configured index key (`= ANY`). Answers the searches that did not find their patient.
   */
  const searchMisses = async (keys: { secret: Buffer }[], search: Search = (sql, params) => t.db.query(sql, params)) => {
    const misses: string[] = [];
    for (const patient of sample()) {
      for (const [searchKey, input] of Object.entries(searchInputs(patient.data)) as [SearchKey, string][]) {
        const rows = await search(`SELECT id FROM patients WHERE ${BLIND_INDEX_COLUMNS[searchKey]} = ANY($1)`, [
          searchHashes(keys, searchKey, input),
        ]);
        if (!rows.some((r) => r.id === patient.id)) misses.push(`${patient.id} by ${searchKey}`);
      }
    }
    return misses;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: ENV, setupSql: TEST_SQL });
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    await t.db.query('DELETE FROM patients');
    await setKnobs(0.1);
    patients = await seedPatients(t.db, PATIENTS, { ring: OLD_RING, indexKey: b1 });
    before = await storedPatients(t.db);
    expect(before.every((r) => r.pii_key_id === 'k1' && r.blind_index_key_id === 'b1')).toBe(true);
  });

  it('re-encrypts every row under the new key through `pii:rotate --wait` while reads keep working', async () => {
    await setKnobs(0.2);
    let cliDone = false;
    const [run, reading, apiReads] = await Promise.all([
      cli(['pii:rotate', '--wait']).finally(() => (cliDone = true)),
      readAllWhile(() => !cliDone),
      readThroughApiWhile(() => !cliDone),
    ]);
    expect(apiReads).toBeGreaterThan(3);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`COMPLETED: ${PATIENTS} rows rewritten`);
    // Reads went on before, during and after: some of them saw old and new keys side by side.
    expect(reading.mixed).toBeGreaterThan(0);

    const started = JSON.parse(run.stdout.slice(0, run.stdout.indexOf('\n}') + 2)) as {
      rotationId: string;
      remainingRows: number;
    };
    expect(started).toMatchObject({ kind: 'encryption', targetKeyId: 'k2', status: 'RUNNING', remainingRows: PATIENTS });
    const done = await rotation(started.rotationId);
    expect(done).toMatchObject({ status: 'COMPLETED', target_key_id: 'k2', rows_rewritten: PATIENTS, error: null });
    expect(done.requested_by).toMatch(/^cli:./);
    expect(done.finished_at).toBeInstanceOf(Date);

    const after = await storedPatients(t.db);
    after.forEach((row, i) => {
      expect(row.id).toBe(before[i].id);
      expect(row.pii_key_id).toBe('k2');
      for (const column of ENCRYPTED) {
        if (before[i][column] === null) expect(row[column]).toBeNull();
        else expect(row[column]).toMatch(/^v1\.k2\./);
      }
      // The key alone was replaced: k2 by itself reads every value back as it was.
      expect(decryptRow(NEW_ONLY, row)).toEqual(original(row.id).data);
      // Not a change of the record: version and updated_at stay, so clients' If-Match versions stay valid.
      expect(row.version).toBe(original(row.id).version);
      expect(row.updated_at).toEqual(before[i].updated_at);
      // Blind indexes belong to the other kind of rotation.
      expect(row.blind_index_key_id).toBe('b1');
      for (const column of INDEXES) expect(row[column]).toBe(before[i][column]);
    });

    expect(await events(started.rotationId)).toEqual([
      {
        type: 'patients.PiiRotationStarted.v1',
        payload: { kind: 'encryption', targetKeyId: 'k2' },
        actor: { kind: 'system', id: done.requested_by },
      },
      {
        type: 'patients.PiiRotationCompleted.v1',
        payload: { kind: 'encryption', targetKeyId: 'k2', rowsRewritten: PATIENTS },
        actor: { kind: 'system', id: 'pii-rotation' },
      },
    ]);

    // The job carried ids only and reported its progress.
    const job = await t.app.get<Queue<PiiRotationJobData>>(getQueueToken(PII_ROTATION_QUEUE)).getJob(started.rotationId);
    expect(Object.keys(job!.data).sort()).toEqual(['correlationId', 'rotationId']);
    expect(job!.data.rotationId).toBe(started.rotationId);
    expect(job!.progress()).toBe(100);

    // Logs count batches and never hold a value, clear or encrypted.
    const logs = t.logs.entries().filter((e) => e.rotationId === started.rotationId);
    expect(logs.filter((e) => e.msg === 'pii rotation batch rewritten').map((e) => e.rows)).toEqual(
      Array(PATIENTS / BATCH).fill(BATCH),
    );
    const text = t.logs.text();
    expect(text).not.toMatch(/v1\.k[12]\./);
    for (const { data } of patients.slice(0, 20)) {
      for (const value of [data.firstName, data.lastName, data.email, data.phone].filter((v) => v !== null)) {
        expect(text).not.toContain(value);
      }
    }

    const metrics = await t.http().get('/metrics');
    expect(metrics.text).toContain(`pii_rotation_rows_rewritten_total{kind="encryption"} ${PATIENTS}`);
    expect(metrics.text).toContain('pii_rotations_finished_total{kind="encryption",status="COMPLETED"} 1');
  }, 60_000);

  it('stops at a row it cannot decrypt, keeps what it rewrote, and a new rotation continues from where the data stands', async () => {
    // A value copied from another patient's row: well-formed, but its authentication binds it to that row.
    const bad = 137;
    const badId = patients[bad].id;
    await t.db.query(`UPDATE patients SET last_name = (SELECT last_name FROM patients WHERE id = $2) WHERE id = $1`, [
      badId,
      patients[0].id,
    ]);

    const firstId = await start('encryption');
    const first = await finished(firstId);
    expect(first.status).toBe('FAILED');
    expect(first.error).toMatch(
      new RegExp(`^patient ${badId}: last_name could not be decrypted \\(authentication failed.*run pii:rotate again`),
    );
    expect(first.error).not.toContain('v1.');
    expect(first.error).not.toContain(patients[bad].data.lastName);
    // Every row before it was rewritten and kept, including those of its own batch; it and the rest were not touched.
    expect(first).toMatchObject({ rows_rewritten: bad, last_patient_id: patients[bad - 1].id });
    const stopped = await storedPatients(t.db);
    stopped.forEach((row, i) => {
      if (i < bad) expect(row.pii_key_id).toBe('k2');
      else if (i > bad) expect(row).toEqual(before[i]);
    });
    expect((await events(firstId)).map((e) => [e.type, e.payload])).toEqual([
      ['patients.PiiRotationStarted.v1', { kind: 'encryption', targetKeyId: 'k2' }],
      ['patients.PiiRotationFailed.v1', { kind: 'encryption', targetKeyId: 'k2', rowsRewritten: bad, reason: 'unreadable-row' }],
    ]);

    // Fixed (restored from a backup, say): a new rotation rewrites only what is still under k1.
    await t.db.query(`UPDATE patients SET last_name = $2 WHERE id = $1`, [badId, before[bad].last_name]);
    const secondId = await start('encryption');
    expect(await finished(secondId)).toMatchObject({ status: 'COMPLETED', rows_rewritten: PATIENTS - bad });
    for (const row of await storedPatients(t.db)) {
      expect(row.pii_key_id).toBe('k2');
      expect(decryptRow(NEW_ONLY, row)).toEqual(original(row.id).data);
    }
  });

  it('refuses a second rotation of a kind while one runs, to racing commands and to the CLI (exit 2)', async () => {
    // A write in flight on a row of the first batch keeps the rotation RUNNING for as long as this test needs.
    const lock = await holdRowLock(patients[10].id);
    let winner: string | undefined;
    try {
      const outcomes = await Promise.allSettled([start('encryption'), start('encryption')]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      winner = won[0].value;
      const refusal = lost[0].reason as Error;
      expect(refusal).toBeInstanceOf(PiiRotationAlreadyRunningError);
      expect(refusal.message).toContain(winner);
      await waitingOnPatientLock();

      const again = await cli(['pii:rotate']);
      expect(again.code).toBe(2);
      expect(again.stderr.trim()).toBe(
        `refused: the encryption rotation ${winner} is still running; follow it with pii:rotate --status`,
      );
      // --status shows it waiting, with every row still to do.
      const status = await cli(['pii:rotate', '--status']);
      expect(status.code).toBe(0);
      const listed = JSON.parse(status.stdout) as Record<string, unknown>[];
      expect(listed[0]).toMatchObject({
        rotationId: winner,
        kind: 'encryption',
        targetKeyId: 'k2',
        status: 'RUNNING',
        rowsRewritten: 0,
        remainingRows: PATIENTS,
        error: null,
      });
      expect(await t.db.query(`SELECT id FROM pii_rotations WHERE kind = 'encryption' AND status = 'RUNNING'`)).toEqual([
        { id: winner },
      ]);
    } finally {
      await lock.release();
    }
    expect(await finished(winner)).toMatchObject({ status: 'COMPLETED', rows_rewritten: PATIENTS });
  }, 60_000);

  it('waits for a row a concurrent write holds (never skips it) and rewrites what that write committed', async () => {
    const target = patients[120];
    const newPhone = '+99 555 424242';
    // A PATCH by a process still on the old keyring: it locks the row, re-encrypts under k1 and bumps the version.
    const lock = await holdRowLock(target.id);
    await lock.client.query(`UPDATE patients SET phone = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      target.id,
      encryptPersonalField(OLD_RING, target.id, 'phone', newPhone),
    ]);
    const id = await start('encryption');
    try {
      await waitingOnPatientLock();
      // The two batches before the row's committed; the rotation now waits on the row instead of passing it by.
      await waitFor(async () => (await rotation(id)).rows_rewritten === 100, 'the batches before the locked row');
      expect((await rotation(id)).status).toBe('RUNNING');
    } finally {
      await lock.release(true);
    }
    expect(await finished(id)).toMatchObject({ status: 'COMPLETED', rows_rewritten: PATIENTS });
    const after = await storedPatients(t.db);
    const row = after.find((r) => r.id === target.id)!;
    expect(row.pii_key_id).toBe('k2');
    expect(row.phone).toMatch(/^v1\.k2\./);
    expect(decryptRow(NEW_ONLY, row)).toEqual({ ...target.data, phone: newPhone });
    expect(row.version).toBe(target.version + 1);
    for (const other of after.filter((r) => r.id !== target.id)) expect(other.version).toBe(original(other.id).version);
  });

  it('catches a row written under the old key behind its position: the pass ends with a re-count and goes again', async () => {
    const pause = await holdRowLock(patients[120].id);
    const id = await start('encryption');
    const behind = patients[10];
    try {
      await waitingOnPatientLock();
      await waitFor(async () => (await rotation(id)).rows_rewritten === 100, 'the batches before the locked row');
      // A process still on the old keyring writes a row the rotation has already passed.
      const columns = encryptPersonalData(OLD_RING, behind.id, behind.data);
      await t.db.query(
        `UPDATE patients SET ${ENCRYPTED.map((c, i) => `${c} = $${i + 2}`).join(', ')}, pii_key_id = 'k1' WHERE id = $1`,
        [behind.id, ...ENCRYPTED.map((c) => columns[c])],
      );
    } finally {
      await pause.release();
    }
    expect(await finished(id)).toMatchObject({ status: 'COMPLETED', rows_rewritten: PATIENTS + 1 });
    for (const row of await storedPatients(t.db)) {
      expect(row.pii_key_id).toBe('k2');
      expect(decryptRow(NEW_ONLY, row)).toEqual(original(row.id).data);
    }
  });

  it('resumes after a crash from the last committed batch, rewriting nothing twice', async () => {
    await t.db.query(`SELECT setval('test_patient_updates', 1, false)`);
    await setKnobs(0, true);
    try {
      const id = await start('encryption');
      expect(await finished(id)).toMatchObject({ status: 'COMPLETED', rows_rewritten: PATIENTS, error: null });
      // The crash happened once (the one-shot sequence was reached by the failed attempt and by the retry).
      expect((await t.db.query<{ n: string }>('SELECT last_value AS n FROM test_rotation_crash_once'))[0].n).toBe('2');
      // 300 rows, plus the 50 of the batch that rolled back: the 100 rows committed before the crash were not rewritten again.
      expect((await t.db.query<{ n: string }>('SELECT last_value AS n FROM test_patient_updates'))[0].n).toBe(
        String(PATIENTS + BATCH),
      );
      const job = await t.app.get<Queue<PiiRotationJobData>>(getQueueToken(PII_ROTATION_QUEUE)).getJob(id);
      expect(job!.attemptsMade).toBe(1);
      for (const row of await storedPatients(t.db)) expect(decryptRow(NEW_ONLY, row)).toEqual(original(row.id).data);
    } finally {
      await setKnobs(0, false);
    }
  });

  it('rebuilds every blind index under the new index key while searches with both keys keep finding everyone', async () => {
    await setKnobs(0.2);
    const searcher = new pg.Client({ connectionString: t.db.url });
    await searcher.connect();
    const search: Search = async (sql, params) => (await searcher.query<{ id: string }>(sql, params)).rows;
    try {
      expect(await searchMisses([b2, b1], search)).toEqual([]);
      const id = await start('blind-index');
      let mixed = 0;
      let rounds = 0;
      while ((await rotation(id)).status === 'RUNNING') {
        expect(await searchMisses([b2, b1], search)).toEqual([]);
        const keys = await searcher.query<{ k: string }>('SELECT DISTINCT blind_index_key_id AS k FROM patients');
        if (keys.rows.length > 1) mixed += 1;
        rounds += 1;
      }
      expect(rounds).toBeGreaterThan(0);
      expect(mixed).toBeGreaterThan(0);
      expect(await finished(id)).toMatchObject({ status: 'COMPLETED', target_key_id: 'b2', rows_rewritten: PATIENTS });
      expect(await searchMisses([b2, b1], search)).toEqual([]);
    } finally {
      await searcher.end();
    }

    const after = await storedPatients(t.db);
    after.forEach((row, i) => {
      expect(row.blind_index_key_id).toBe('b2');
      const expected = blindIndexesOf(b2.secret, original(row.id).data);
      for (const column of INDEXES) expect(row[column]).toBe(expected[column]);
      // Ciphertexts, key id and version are the encryption rotation's business, not this one's.
      for (const column of ENCRYPTED) expect(row[column]).toBe(before[i][column]);
      expect(row.pii_key_id).toBe('k1');
      expect(row.version).toBe(before[i].version);
      expect(row.updated_at).toEqual(before[i].updated_at);
    });
    // Only the new key's hashes are left: the old index key can go from PII_BLIND_INDEX_KEYS.
    expect(await searchMisses([b2])).toEqual([]);
    expect(await searchMisses([b1])).toHaveLength(searchesOfSample());
  });

  it("fails a rotation whose target is not the worker's active key, touching no row (CLI --wait exits 1)", async () => {
    // An operator whose keyring puts k3 first, while the workers still write with k2.
    const run = await cli(['pii:rotate', '--wait'], { PII_ENCRYPTION_KEYS: keyringEnv(k3, k2, k1) });
    expect(run.code).toBe(1);
    const message =
      "the worker's active PII_ENCRYPTION_KEYS key is k2, not the rotation's target k3: the processes' configurations disagree. " +
      'Give every process the same PII_ENCRYPTION_KEYS (new key first), restart them, and run pii:rotate again';
    expect(run.stderr).toContain(`FAILED: ${message}`);
    const [row] = await t.db.query<RotationRow>(`SELECT * FROM pii_rotations ORDER BY created_at DESC LIMIT 1`);
    expect(row).toMatchObject({ kind: 'encryption', target_key_id: 'k3', status: 'FAILED', error: message });
    expect((await events(row.id)).map((e) => e.payload)).toEqual([
      { kind: 'encryption', targetKeyId: 'k3' },
      { kind: 'encryption', targetKeyId: 'k3', rowsRewritten: 0, reason: 'target-mismatch' },
    ]);
    expect(await storedPatients(t.db)).toEqual(before);
  }, 60_000);
});
