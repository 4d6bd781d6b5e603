import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { keyringOf } from '@hms/crypto';
import { dateInTimeZone } from '@hms/ddd';
import type pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { expectStatus } from '../api-client.js';
import { uploadFile } from '../multipart-upload.js';
import { startBacklogSampler, waitForOutboxSettled } from '../samplers/backlog-sampler.js';
import {
  commandsCpuBetween,
  machineBusyPercent,
  readCommandsCpu,
  readMachineCpu,
  readProcessStats,
  resetPeakRss,
  startRssSampler,
} from '../samplers/process-stats.js';
import type { BenchContext, Measurement, Scenario } from '../scenario.js';
import { applyFeedInSql, type RawIntakeResult, type RawIntakeTarget } from './intake-baseline.js';
import { checkIntakeState } from './intake-check.js';
import { measuredFeedRecord, seedFeedRecord, writeFeedCsv } from './intake-feed.js';
import type { IntakeCounters } from '../../src/modules/intake/index.js';

const POLL_INTERVAL_MS = 500;
/** The seed feed's events (about six per record) reach the audit store before the measured feed starts. */
const SETTLE_TIMEOUT_MS = 30 * 60_000;
const TOKEN_RENEW_MS = 10 * 60_000;
const TARGET_RATE = 5_000;
const TARGET_RATIO = 0.3;
const SETTLED = ['completed', 'completed-with-errors', 'failed'];
/** The tables a feed writes, directly or through its events; their activity per record says where the statements go. */
const WRITTEN_TABLES = [
  'patients',
  'patient_identifiers',
  'patient_care_links',
  'encounters',
  'intake_records',
  'intake_batches',
  'outbox',
  'audit_events',
  'audit_event_ids',
  'audit_chain_head',
];

interface TableActivity {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly indexScans: number;
  readonly seqScans: number;
}

/** Cumulative activity of the written tables, and the database's commits and rollbacks (pg_stat_*). */
async function tableActivity(db: pg.Pool): Promise<{ tables: Record<string, TableActivity>; commits: number }> {
  // Backends report their counts at most once a second: this waits that out and reads a fresh snapshot.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query<{ relname: string } & TableActivity>(
    // A partitioned table (audit_events) counts in its partitions: summed under its root's name.
    `SELECT relname, sum(inserted)::float8 AS inserted, sum(updated)::float8 AS updated, sum(deleted)::float8 AS deleted,
            sum("indexScans")::float8 AS "indexScans", sum("seqScans")::float8 AS "seqScans"
       FROM (SELECT coalesce(pg_partition_root(relid), relid)::regclass::text AS relname, n_tup_ins AS inserted,
                    n_tup_upd AS updated, n_tup_del AS deleted, coalesce(idx_scan, 0) AS "indexScans", seq_scan AS "seqScans"
               FROM pg_stat_user_tables) t
      WHERE relname = ANY($1::text[])
      GROUP BY relname`,
    [WRITTEN_TABLES],
  );
  const {
    rows: [database],
  } = await db.query<{ commits: number }>(
    `SELECT (xact_commit + xact_rollback)::float8 AS commits FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { tables: Object.fromEntries(rows.map(({ relname, ...activity }) => [relname, activity])), commits: database.commits };
}

/** Activity between two readings, per record. */
function activityPerRecord(
  before: Awaited<ReturnType<typeof tableActivity>>,
  after: Awaited<ReturnType<typeof tableActivity>>,
  records: number,
): { tables: Record<string, TableActivity>; transactions: number } {
  const per = (n: number) => Math.round((100 * n) / records) / 100;
  const tables = Object.fromEntries(
    Object.entries(after.tables).map(([name, a]) => {
      const b = before.tables[name];
      return [
        name,
        {
          inserted: per(a.inserted - b.inserted),
          updated: per(a.updated - b.updated),
          deleted: per(a.deleted - b.deleted),
          indexScans: per(a.indexScans - b.indexScans),
          seqScans: per(a.seqScans - b.seqScans),
        },
      ];
    }),
  );
  return { tables, transactions: per(after.commits - before.commits) };
}

/** `patients 0.5 ins, 0.25 upd, 3.1 idx` …: what a record did to each table, leaving out what it did not do. */
function activityLine(tables: Record<string, TableActivity>): string {
  return Object.entries(tables)
    .map(([name, a]) => {
      const parts = [
        a.inserted ? `${a.inserted} ins` : '',
        a.updated ? `${a.updated} upd` : '',
        a.deleted ? `${a.deleted} del` : '',
        a.indexScans ? `${a.indexScans} index scans` : '',
        a.seqScans ? `${a.seqScans} seq scans` : '',
      ].filter(Boolean);
      return parts.length ? `${name} ${parts.join(', ')}` : '';
    })
    .filter(Boolean)
    .join('; ');
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const s = (seconds: number) => `${seconds.toFixed(1)} s`;

interface BatchBody {
  readonly batchId: string;
  readonly status: string;
  readonly recordsReceived: number;
  readonly counters: IntakeCounters;
}

interface BatchTimes {
  readonly received: number;
  readonly started: number | null;
  readonly finished: number | null;
}

interface Receiver {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly timeZone: string;
}

interface FedBatch {
  readonly batch: BatchBody;
  readonly uploadStartedAt: number;
  readonly uploadSeconds: number;
  /** From the upload's start to the batch's finished_at. */
  readonly seconds: number;
  readonly queuedSeconds: number;
  readonly processingSeconds: number;
}

async function create<T>(ctx: BenchContext, path: string, json: unknown, what: string): Promise<T> {
  const res = await ctx.api.request<T>('POST', path, { token: await ctx.adminToken(), json });
  expectStatus(res, 201, what);
  return res.body;
}

async function receiver(ctx: BenchContext, name: string, code: string): Promise<Receiver> {
  const hospital = await create<{ id: string; timeZone: string }>(
    ctx,
    '/api/v1/hospitals',
    { name, address: '12 Intake Lane, Benchton', isActive: true },
    `registering ${name}`,
  );
  const department = await create<{ id: string }>(
    ctx,
    `/api/v1/hospitals/${hospital.id}/departments`,
    { name: 'Health Records', code },
    `creating the department of ${name}`,
  );
  return { hospitalId: hospital.id, departmentId: department.id, timeZone: hospital.timeZone };
}

/** Uploads a feed as the records officer and follows it to its end; times from the harness's clock and the batch row. */
async function feed(ctx: BenchContext, token: () => Promise<string>, to: Receiver, file: string): Promise<FedBatch> {
  const url = `${ctx.origin}/api/v1/ingest/csv?hospitalId=${to.hospitalId}&departmentId=${to.departmentId}`;
  const uploadStartedAt = Date.now();
  const upload = await uploadFile<BatchBody>(url, file, { token: await token(), filename: 'feed.csv', contentType: 'text/csv' });
  const uploadSeconds = (Date.now() - uploadStartedAt) / 1000;
  expectStatus(upload, 202, 'the feed upload');
  const { batchId } = upload.body;

  let batch: BatchBody | undefined;
  // Generous: ten minutes plus 20 ms a record (the pipeline has run at a few hundred records per second).
  const deadline = Date.now() + 600_000 + 20 * upload.body.recordsReceived;
  while (!batch) {
    const res = await ctx.api.request<BatchBody>('GET', `/api/v1/ingest/batches/${batchId}`, { token: await token() });
    expectStatus(res, 200, 'polling the batch');
    if (SETTLED.includes(res.body.status)) batch = res.body;
    else if (Date.now() > deadline)
      throw new Error(`batch ${batchId} still ${res.body.status} after ${(Date.now() - uploadStartedAt) / 1000} s`);
    else await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const {
    rows: [times],
  } = await ctx.db.query<BatchTimes>(
    `SELECT extract(epoch FROM received_at)::float8 AS received, extract(epoch FROM started_at)::float8 AS started,
            extract(epoch FROM finished_at)::float8 AS finished
       FROM intake_batches WHERE id = $1`,
    [batchId],
  );
  if (times.finished === null || times.started === null) throw new Error(`batch ${batchId} is ${batch.status} without its times`);
  return {
    batch,
    uploadStartedAt,
    uploadSeconds,
    seconds: times.finished - uploadStartedAt / 1000,
    queuedSeconds: times.started - times.received,
    processingSeconds: times.finished - times.started,
  };
}

/** Differences between a batch's counters and what the feed must have done (none: []). */
function counterMismatches(batch: BatchBody, expected: BatchBody['counters']): string[] {
  const wrong = (Object.keys(expected) as (keyof BatchBody['counters'])[]).filter((k) => batch.counters[k] !== expected[k]);
  return [
    ...(batch.status === 'completed' ? [] : [`status ${batch.status}`]),
    ...wrong.map((k) => `${k} ${batch.counters[k]}, expected ${expected[k]}`),
  ];
}

/** The large upload: its size, its time to the 202, and the api's resident memory around it. */
interface LargeUpload {
  readonly records: number;
  readonly fileBytes: number;
  readonly seconds: number;
  readonly apiStartKb: number;
  readonly apiPeakKb: number;
  readonly peakFrom: string;
  readonly batchId: string;
}

/** How much the api's resident memory may grow over the large upload and still count as flat. */
const FLAT_RSS_GROWTH_KB = 64 * 1024;

/**
 * Streams a feed of `records` records (about 80 bytes each) to POST
 * /api/v1/ingest/csv and measures the api's resident memory before and at its
 * peak (VmHWM, reset first) until the 202: the upload goes straight to object
 * storage, so the peak must not follow the file's size. The batch is then
 * marked failed in the database, as the worker's last attempt would, so
 * that the worker stops after the chunk in hand instead of processing a
 * million records the scenario does not measure.
 */
async function largeUpload(
  ctx: BenchContext,
  token: () => Promise<string>,
  to: Receiver,
  records: number,
): Promise<LargeUpload | undefined> {
  if (records === 0) return undefined;
  const file = join(ctx.workDir, `intake-upload-${records}.csv`);
  const fileBytes = await writeFeedCsv(file, records, seedFeedRecord);
  ctx.log(`  large upload: ${count(records)} records (${mb(fileBytes / 1024)}), the api's memory measured`);
  const pid = ctx.serverPid;
  const peakReset = resetPeakRss(pid);
  const sampler = startRssSampler(pid, 200);
  const url = `${ctx.origin}/api/v1/ingest/csv?hospitalId=${to.hospitalId}&departmentId=${to.departmentId}`;
  const started = Date.now();
  const res = await uploadFile<BatchBody>(url, file, { token: await token(), filename: 'feed.csv', contentType: 'text/csv' });
  const seconds = (Date.now() - started) / 1000;
  const rss = sampler.stop();
  const kernelPeakKb = peakReset ? readProcessStats(pid)?.peakRssKb : undefined;
  expectStatus(res, 202, 'the large upload');
  await ctx.db.query(
    `UPDATE intake_batches SET status = 'failed', failure = 'stopped by the benchmark after its upload',
            finished_at = now(), started_at = coalesce(started_at, now())
      WHERE id = $1 AND finished_at IS NULL`,
    [res.body.batchId],
  );
  return {
    records,
    fileBytes,
    seconds,
    apiStartKb: rss.startRssKb,
    apiPeakKb: kernelPeakKb ?? rss.peakRssKb,
    peakFrom: kernelPeakKb === undefined ? 'samples every 200 ms' : 'VmHWM after a reset before the upload',
    batchId: res.body.batchId,
  };
}

/**
 * Scenario 12 (issue 18): a feed of 100,000 patient and visit records
 * (`--intake-records`) sent as CSV by a records officer to
 * POST /api/v1/ingest/csv, timed from the start of the upload to the
 * batch's finished_at: half new patients, a quarter updates (an MRN the
 * hospital knows, another last name), a quarter unchanged (an MRN it knows,
 * the same data), every record a new visit (intake-feed.ts).
 *
 * The starting state, 50,000 patients known by their sender's MRN, is made
 * by the pipeline itself: a first feed of those patients (each with a visit
 * of its own), followed to its end and until its events are audited, and
 * not counted in the targets. So the measured feed meets exactly what an
 * earlier feed leaves (patients registered by RegisterPatient with their
 * identifiers, care links, versions, history and audit entries), without a
 * second implementation of registration in SQL to keep in step with the
 * app, at the cost of a longer run. Its rate is reported too: a feed of new
 * patients only.
 *
 * Measured: records per second end to end and the upload alone; the api's
 * and the worker's resident memory (sampled, and the kernel's peak VmHWM
 * after a reset before the upload); CPU seconds of the api, the worker and
 * PostgreSQL over the feed; the outbox and audit backlog. The raw baseline
 * (intake-baseline.ts) then applies the same two files in plain SQL to a
 * second hospital in the same run, in transactions of INGEST_CHUNK_SIZE
 * records, timed over the measured file. Both hospitals are then read back
 * record by record (intake-check.ts), and the batch's counters checked: a
 * difference anywhere fails the scenario.
 */
export const intakeScenario: Scenario = {
  name: 'intake',
  number: 12,
  title: 'Patient and visit intake (CSV feed) vs plain SQL',
  async run(ctx) {
    const records = ctx.options.intakeRecords;
    const existing = records / 2;
    const config = loadConfig(ctx.serverEnv);
    const piiKeyring = keyringOf(config.crypto.piiKeys);
    const [indexKey] = config.crypto.blindIndexKeys;

    const pipelineHospital = await receiver(ctx, 'Bench Intake Hospital', 'HIM');
    const baselineHospital = await receiver(ctx, 'Bench Intake Baseline Hospital', 'HIMB');
    const password = randomBytes(24).toString('base64url');
    const email = 'bench.records@bench.hms';
    await create(
      ctx,
      '/api/v1/users',
      {
        email,
        displayName: 'Bench records officer',
        password,
        roles: ['records_officer'],
        hospitalId: pipelineHospital.hospitalId,
        departmentId: pipelineHospital.departmentId,
      },
      'creating the records officer',
    );
    let held: { token: string; at: number } | undefined;
    const officerToken = async () => {
      if (!held || Date.now() - held.at > TOKEN_RENEW_MS) {
        held = { token: (await ctx.api.signIn(email, password)).accessToken, at: Date.now() };
      }
      return held.token;
    };

    const seedFile = join(ctx.workDir, `intake-seed-${existing}.csv`);
    const feedFile = join(ctx.workDir, `intake-feed-${records}.csv`);
    const seedBytes = await writeFeedCsv(seedFile, existing, seedFeedRecord);
    const feedBytes = await writeFeedCsv(feedFile, records, (p) => measuredFeedRecord(p, records));
    ctx.log(
      `  wrote the seed feed (${count(existing)} records, ${mb(seedBytes / 1024)}) and the measured one (${count(records)}, ${mb(feedBytes / 1024)})`,
    );

    // The starting state, through the pipeline itself.
    ctx.log(`  seed feed: ${count(existing)} new patients with a visit each, through the pipeline`);
    const seed = await feed(ctx, officerToken, pipelineHospital, seedFile);
    const seedWrong = counterMismatches(seed.batch, {
      records: existing,
      patientsCreated: existing,
      patientsUpdated: 0,
      patientsUnchanged: 0,
      visitsAdded: existing,
      duplicatesSkipped: 0,
      errors: 0,
    });
    if (seedWrong.length > 0) throw new Error(`the seed feed did not register its patients: ${seedWrong.join('; ')}`);
    ctx.log(
      `  seed feed done in ${s(seed.seconds)} (${count(existing / seed.seconds)} records/s); waiting for its events to be audited`,
    );
    const seedSettleSeconds = await waitForOutboxSettled(ctx.db, SETTLE_TIMEOUT_MS);
    if (seedSettleSeconds === undefined) throw new Error('the seed feed’s events were not audited in time');
    await ctx.db.query('ANALYZE patients, patient_identifiers, patient_care_links, encounters');

    // The measured feed.
    ctx.log(
      `  measured feed: ${count(records)} records (half new, a quarter updated, a quarter unchanged), after ${s(seedSettleSeconds)} settling`,
    );
    const activityBefore = await tableActivity(ctx.db);
    const pids = { api: ctx.serverPid, worker: ctx.workerPid };
    const peaksReset = resetPeakRss(pids.api) && (pids.worker === undefined || resetPeakRss(pids.worker));
    const apiMemory = startRssSampler(pids.api, 200);
    const workerMemory = pids.worker ? startRssSampler(pids.worker, 200) : undefined;
    const backlogSampler = startBacklogSampler(ctx.db);
    const cpuBefore = { api: readProcessStats(pids.api), worker: pids.worker ? readProcessStats(pids.worker) : undefined };
    const servicesBefore = readCommandsCpu(['postgres']);
    const machineBefore = readMachineCpu();
    const fed = await feed(ctx, officerToken, pipelineHospital, feedFile);
    const machineAfter = readMachineCpu();
    const cpu = {
      api: (readProcessStats(pids.api)?.cpuSeconds ?? NaN) - (cpuBefore.api?.cpuSeconds ?? NaN),
      worker: pids.worker
        ? (readProcessStats(pids.worker)?.cpuSeconds ?? NaN) - (cpuBefore.worker?.cpuSeconds ?? NaN)
        : undefined,
      postgres: commandsCpuBetween(servicesBefore, readCommandsCpu(['postgres'])).postgres ?? 0,
      machineBusyPercent: machineBusyPercent(machineBefore, machineAfter),
      machineBusySeconds: machineAfter.busySeconds - machineBefore.busySeconds,
    };
    // What else kept the cores busy meanwhile (a test run, a build) shows as the busy time none of the three used.
    const othersSeconds = cpu.machineBusySeconds - cpu.api - (cpu.worker ?? 0) - cpu.postgres;
    const kernelPeak = {
      api: peaksReset ? readProcessStats(pids.api)?.peakRssKb : undefined,
      worker: peaksReset && pids.worker ? readProcessStats(pids.worker)?.peakRssKb : undefined,
    };
    const apiRss = apiMemory.stop();
    const workerRss = workerMemory?.stop();
    const rate = records / fed.seconds;
    ctx.log(`  measured feed done in ${s(fed.seconds)} (${count(rate)} records/s); waiting for its events to be audited`);
    const settleSeconds = await waitForOutboxSettled(ctx.db, SETTLE_TIMEOUT_MS);
    const backlog = await backlogSampler.stop();
    // Over the feed and the audit of its events; the harness's own reads (the sampler, the polls) are a few per second.
    const activity = activityPerRecord(activityBefore, await tableActivity(ctx.db), records);

    // What the pipeline did, by its counters, its outcomes and the rows themselves.
    const mismatches = counterMismatches(fed.batch, {
      records,
      patientsCreated: records / 2,
      patientsUpdated: records / 4,
      patientsUnchanged: records / 4,
      visitsAdded: records,
      duplicatesSkipped: 0,
      errors: 0,
    });
    const { rows: outcomes } = await ctx.db.query<{ patient_outcome: string | null; visit_outcome: string | null; n: number }>(
      `SELECT patient_outcome, visit_outcome, count(*)::int AS n FROM intake_records WHERE batch_id = $1
        GROUP BY patient_outcome, visit_outcome ORDER BY 1, 2`,
      [fed.batch.batchId],
    );
    const outcomeCount = (patient: string) =>
      outcomes.find((o) => o.patient_outcome === patient && o.visit_outcome === 'added')?.n ?? 0;
    const outcomesRight =
      outcomes.length === 3 &&
      outcomeCount('created') === records / 2 &&
      outcomeCount('updated') === records / 4 &&
      outcomeCount('unchanged') === records / 4;
    if (!outcomesRight) mismatches.push(`per-record outcomes ${JSON.stringify(outcomes)}`);
    ctx.log('  reading back the pipeline’s hospital, record by record');
    const pipelineState = await checkIntakeState(ctx.db, { ...pipelineHospital, records, piiKeyring });
    if (pipelineState.problems > 0)
      mismatches.push(`${pipelineState.problems} rows not as the feeds say: ${pipelineState.listed.join('; ')}`);

    // The raw baseline: the same two files into the second hospital.
    const target: RawIntakeTarget = {
      hospitalId: baselineHospital.hospitalId,
      departmentId: baselineHospital.departmentId,
      chunkSize: config.intake.chunkSize,
      timeZone: baselineHospital.timeZone,
      today: dateInTimeZone(new Date(), baselineHospital.timeZone),
      piiKeyring,
      indexKey,
      mrnPrefix: config.patients.mrnPrefix,
    };
    ctx.log(
      `  raw baseline: the seed file in plain SQL, then the measured file, ${config.intake.chunkSize} records a transaction`,
    );
    const rawSeed = await applyFeedInSql(ctx.db, seedFile, target);
    await ctx.db.query('ANALYZE patients, patient_identifiers, patient_care_links, encounters');
    const raw = await applyFeedInSql(ctx.db, feedFile, target);
    const rawRate = records / raw.seconds;
    const ratio = rate / rawRate;
    ctx.log(`  raw baseline: ${s(raw.seconds)} (${count(rawRate)} records/s); the pipeline ran at ${ratio.toFixed(3)} of it`);
    const rawWrong = rawMismatches(raw, records);
    const baselineState = await checkIntakeState(ctx.db, { ...baselineHospital, records, piiKeyring });
    if (baselineState.problems > 0)
      rawWrong.push(`${baselineState.problems} rows not as the feeds say: ${baselineState.listed.join('; ')}`);

    // Last, once every check has read its hospital: the batch it leaves is stopped after a chunk.
    const large = await largeUpload(ctx, officerToken, pipelineHospital, ctx.options.intakeUploadRecords);
    const largeGrowthKb = large ? large.apiPeakKb - large.apiStartKb : 0;

    const largeMeasurements: Measurement[] = large
      ? [
          {
            label: `Large upload (${count(large.records)} records, ${mb(large.fileBytes / 1024)}) streamed to object storage, to the 202`,
            rate: { value: large.records / large.seconds, unit: 'rows/s' },
            statuses: { '202': 1 },
            expectedStatuses: [202],
            errors: { unexpected: 0, socket: 0, timeouts: 0 },
            detail: { ...large },
          },
        ]
      : [];

    const workerPeakKb = kernelPeak.worker ?? workerRss?.peakRssKb;
    const apiPeakKb = kernelPeak.api ?? apiRss.peakRssKb;
    const measurements: Measurement[] = [
      {
        label: `Intake of ${count(records)} records (CSV), upload to finished_at`,
        rate: { value: rate, unit: 'rows/s' },
        statuses: { '202': 1 },
        expectedStatuses: [202],
        errors: { unexpected: mismatches.length, socket: 0, timeouts: 0 },
        baseline: { label: 'plain SQL', ratio },
        detail: {
          records,
          fileBytes: feedBytes,
          chunkSize: config.intake.chunkSize,
          batch: fed.batch,
          outcomes,
          uploadSeconds: fed.uploadSeconds,
          queuedSeconds: fed.queuedSeconds,
          processingSeconds: fed.processingSeconds,
          seconds: fed.seconds,
          cpuSeconds: { ...cpu, others: othersSeconds },
          cpuMsPerRecord: {
            api: (1000 * cpu.api) / records,
            worker: cpu.worker === undefined ? undefined : (1000 * cpu.worker) / records,
            postgres: (1000 * cpu.postgres) / records,
          },
          rss: {
            apiStartKb: apiRss.startRssKb,
            apiPeakKb,
            workerStartKb: workerRss?.startRssKb,
            workerPeakKb,
            peakFrom: peaksReset ? 'VmHWM after a reset before the upload' : 'samples every 200 ms',
            sampledApiPeakKb: apiRss.peakRssKb,
            sampledWorkerPeakKb: workerRss?.peakRssKb,
          },
          perRecord: activity,
          eventsPerRecord: (backlog.final!.outboxSequence - backlog.samples[0].outboxSequence) / records,
          auditSettleSeconds: settleSeconds,
          mismatches,
          state: pipelineState,
        },
      },
      {
        label: `Upload alone (${mb(feedBytes / 1024)} streamed to object storage), to the 202`,
        rate: { value: records / fed.uploadSeconds, unit: 'rows/s' },
        errors: { unexpected: 0, socket: 0, timeouts: 0 },
        detail: { uploadSeconds: fed.uploadSeconds, fileBytes: feedBytes },
      },
      ...largeMeasurements,
      {
        label: `Plain SQL of the same records, ${config.intake.chunkSize} a transaction`,
        rate: { value: rawRate, unit: 'rows/s' },
        errors: { unexpected: rawWrong.length, socket: 0, timeouts: 0 },
        detail: { ...raw, mismatches: rawWrong, state: baselineState },
      },
      {
        label: `Seed feed through the pipeline (${count(existing)} new patients, not in the targets), upload to finished_at`,
        rate: { value: existing / seed.seconds, unit: 'rows/s' },
        statuses: { '202': 1 },
        expectedStatuses: [202],
        errors: { unexpected: 0, socket: 0, timeouts: 0 },
        baseline: { label: 'plain SQL of the seed file', ratio: existing / seed.seconds / (existing / rawSeed.seconds) },
        detail: {
          batch: seed.batch,
          uploadSeconds: seed.uploadSeconds,
          processingSeconds: seed.processingSeconds,
          settleSeconds: seedSettleSeconds,
        },
      },
      {
        label: 'Plain SQL of the seed file',
        rate: { value: existing / rawSeed.seconds, unit: 'rows/s' },
        errors: { unexpected: rawMismatches(rawSeed, existing, true).length, socket: 0, timeouts: 0 },
        detail: { ...rawSeed },
      },
    ];

    const perRecord = (seconds: number | undefined) =>
      seconds === undefined ? 'n/a' : `${((1000 * seconds) / records).toFixed(2)} ms`;
    return {
      measurements,
      targets: [
        { target: `intake ≥ ${count(TARGET_RATE)} records/s`, actual: `${count(rate)} records/s`, met: rate >= TARGET_RATE },
        { target: `intake ≥ ${TARGET_RATIO} of plain SQL`, actual: ratio.toFixed(3), met: ratio >= TARGET_RATIO },
        {
          target: `counts: ${count(records / 2)} created, ${count(records / 4)} updated, ${count(records / 4)} unchanged, ${count(records)} visits, 0 errors, rows as the feed says`,
          actual: mismatches.length === 0 ? 'as expected' : mismatches.join('; '),
          met: mismatches.length === 0,
        },
        ...(large
          ? [
              {
                target: `api RSS flat over a ${count(large.records)}-record upload (grows < ${mb(FLAT_RSS_GROWTH_KB)})`,
                actual: `${mb(large.apiStartKb)} → ${mb(large.apiPeakKb)}`,
                met: largeGrowthKb < FLAT_RSS_GROWTH_KB,
              },
            ]
          : []),
      ],
      notes: [
        `${count(records)} records (${mb(feedBytes / 1024)}), ${config.intake.chunkSize} a transaction: upload ${s(fed.uploadSeconds)}, queued ` +
          `${s(fed.queuedSeconds)}, processed by the worker in ${s(fed.processingSeconds)} (${count(records / fed.processingSeconds)} records/s); ` +
          `upload to finished_at ${s(fed.seconds)}, ${count(rate)} records/s.`,
        `Plain SQL of the same file: ${s(raw.seconds)} (${count(rawRate)} records/s, ${raw.transactions} transactions); the pipeline ran at ` +
          `${ratio.toFixed(3)} of it. The seed file (new patients only): pipeline ${count(existing / seed.seconds)} records/s, ` +
          `plain SQL ${count(existing / rawSeed.seconds)}.`,
        `CPU per record over the feed: worker ${perRecord(cpu.worker)}, api ${perRecord(cpu.api)}, PostgreSQL ${perRecord(cpu.postgres)} ` +
          `(${s(cpu.worker ?? NaN)}, ${s(cpu.api)} and ${s(cpu.postgres)} of CPU in ${s(fed.seconds)}); the machine was ` +
          `${cpu.machineBusyPercent.toFixed(0)}% busy, ${s(othersSeconds)} of it other processes (the harness, Redis, anything else running).`,
        `Resident memory (${peaksReset ? 'peaks are VmHWM, reset before the upload' : 'peaks sampled every 200 ms'}): api ${mb(apiRss.startRssKb)} ` +
          `before, peak ${mb(apiPeakKb)}` +
          (workerRss ? `; worker ${mb(workerRss.startRssKb)} before, peak ${mb(workerPeakKb ?? 0)}.` : '.'),
        `Events: ${((backlog.final!.outboxSequence - backlog.samples[0].outboxSequence) / records).toFixed(1)} outbox events per record; ` +
          `audit backlog at most ${count(backlog.maxUnaudited)}, settled ${settleSeconds === undefined ? 'not within the wait' : `${s(settleSeconds)} after the batch ended`}.`,
        `Per record, from the feed's start until its events were audited: ${activity.transactions} transactions; ` +
          `${activityLine(activity.tables)}.`,
        ...(large
          ? [
              `Large upload: ${count(large.records)} records (${mb(large.fileBytes / 1024)}) to the 202 in ${s(large.seconds)}; the api's ` +
                `resident memory ${mb(large.apiStartKb)} before, peak ${mb(large.apiPeakKb)} (${large.peakFrom}); its batch stopped ` +
                `after the upload.`,
            ]
          : []),
      ],
      backlog,
      memory: workerRss ?? apiRss,
      detail: { seedSettleSeconds, rawSeed },
    };
  },
};

/** Differences between what the raw baseline did and what the file asks (a seed file: all new). */
function rawMismatches(result: RawIntakeResult, records: number, seed = false): string[] {
  const expected = seed
    ? { records, created: records, updated: 0, unchanged: 0, visits: records, refused: 0 }
    : { records, created: records / 2, updated: records / 4, unchanged: records / 4, visits: records, refused: 0 };
  return (Object.keys(expected) as (keyof typeof expected)[])
    .filter((k) => result[k] !== expected[k])
    .map((k) => `${k} ${result[k]}, expected ${expected[k]}`);
}
