import { join } from 'node:path';
import { expectStatus } from '../api-client.js';
import { uploadFile } from '../multipart-upload.js';
import { readProcessStats, resetPeakRss, startRssSampler } from '../samplers/process-stats.js';
import type { BenchContext, Measurement, Scenario } from '../scenario.js';
import { writeHospitalCsv } from './hospital-rows.js';

/** The two sizes: a file ten times larger should not need ten times the memory. */
const SIZES = [100_000, 1_000_000] as const;
/** Generous bytes per generated row (the longest, at a million rows, is 56). */
const BYTES_PER_ROW = 64;
const POLL_INTERVAL_MS = 250;
/** Quiet time before each upload, for the idle reading. */
const SETTLE_MS = 3_000;

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

interface ProcessMemory {
  /** VmRSS just before the upload. */
  readonly idleKb: number;
  /** Highest VmRSS sampled every 100 ms from the upload's start to the batch's end. */
  readonly sampledPeakKb: number;
  /** VmHWM read at the end, after a reset just before the upload: the kernel's own peak; undefined when it cannot be reset. */
  readonly peakKb: number | undefined;
  /** Highest VmRSS sampled during the upload request alone (validation and storage included). */
  readonly uploadPeakKb: number;
}

interface ImportRun {
  readonly rows: number;
  readonly fileBytes: number;
  readonly uploadSeconds: number;
  readonly importSeconds: number;
  readonly status: string;
  readonly storedRows: number;
  readonly api: ProcessMemory;
  readonly worker: ProcessMemory | undefined;
}

/** The peak a report uses: the kernel's when it could be reset, else the sampled one. */
const peakOf = (m: ProcessMemory) => m.peakKb ?? m.sampledPeakKb;
const growthOf = (m: ProcessMemory) => peakOf(m) - m.idleKb;

async function importOnce(ctx: BenchContext, rows: number): Promise<ImportRun> {
  const file = join(ctx.workDir, `hospitals-memory-${rows}.csv`);
  const fileBytes = await writeHospitalCsv(file, rows);
  ctx.log(`  ${count(rows)} rows (${mb(fileBytes / 1024)}) written to ${file}; settling ${SETTLE_MS / 1000} s`);
  const token = await ctx.adminToken();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const pids = { api: ctx.serverPid, worker: ctx.workerPid };
  const idle = {
    api: readProcessStats(pids.api)?.rssKb ?? 0,
    worker: pids.worker ? readProcessStats(pids.worker)?.rssKb : undefined,
  };
  const reset = { api: resetPeakRss(pids.api), worker: pids.worker ? resetPeakRss(pids.worker) : false };
  const apiSampler = startRssSampler(pids.api, 100);
  const workerSampler = pids.worker ? startRssSampler(pids.worker, 100) : undefined;

  const startedAt = Date.now();
  const upload = await uploadFile<{ batchId: string }>(`${ctx.origin}/api/v1/hospitals/bulk`, file, {
    token,
    filename: 'hospitals.csv',
    contentType: 'text/csv',
  });
  const uploadSeconds = (Date.now() - startedAt) / 1000;
  const uploadPeak = { api: apiSampler.peakSoFar(), worker: workerSampler?.peakSoFar() ?? 0 };
  expectStatus(upload, 201, `the upload of ${count(rows)} rows`);
  const { batchId } = upload.body;
  ctx.log(`  uploaded in ${uploadSeconds.toFixed(1)} s; batch ${batchId} processing`);

  let status = 'IN_PROGRESS';
  const deadline = Date.now() + 120_000 + rows; // two minutes plus a millisecond per row
  while (status === 'IN_PROGRESS') {
    const res = await ctx.api.request<{ status: string }>('GET', `/api/v1/hospitals/batch/${batchId}`, {
      token: await ctx.adminToken(),
    });
    expectStatus(res, 200, 'polling the batch');
    status = res.body.status;
    if (status !== 'IN_PROGRESS') break;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} still IN_PROGRESS after ${(Date.now() - startedAt) / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const apiRss = apiSampler.stop();
  const workerRss = workerSampler?.stop();
  const hwm = {
    api: readProcessStats(pids.api)?.peakRssKb,
    worker: pids.worker ? readProcessStats(pids.worker)?.peakRssKb : undefined,
  };

  const {
    rows: [times],
  } = await ctx.db.query<{ created: number; finished: number | null; stored: number }>(
    `SELECT extract(epoch FROM created_at)::float8 AS created, extract(epoch FROM finished_at)::float8 AS finished,
            (SELECT count(*)::int FROM hospitals WHERE batch_id = $1) AS stored
       FROM hospital_import_batches WHERE id = $1`,
    [batchId],
  );
  const importSeconds = (times.finished ?? Date.now() / 1000) - startedAt / 1000;
  ctx.log(`  ${status} in ${importSeconds.toFixed(1)} s`);

  return {
    rows,
    fileBytes,
    uploadSeconds,
    importSeconds,
    status,
    storedRows: times.stored,
    api: {
      idleKb: idle.api,
      sampledPeakKb: apiRss.peakRssKb,
      peakKb: reset.api ? hwm.api : undefined,
      uploadPeakKb: uploadPeak.api,
    },
    worker:
      workerRss && idle.worker !== undefined
        ? {
            idleKb: idle.worker,
            sampledPeakKb: workerRss.peakRssKb,
            peakKb: reset.worker ? hwm.worker : undefined,
            uploadPeakKb: uploadPeak.worker,
          }
        : undefined,
  };
}

function measurement(run: ImportRun): Measurement {
  const missing = Math.abs(run.rows - run.storedRows);
  return {
    label: `CSV import, ${count(run.rows)} rows (${mb(run.fileBytes / 1024)}), upload to ${run.status}; api peak RSS ${mb(peakOf(run.api))} (idle ${mb(run.api.idleKb)})`,
    rate: { value: run.rows / run.importSeconds, unit: 'rows/s' },
    statuses: { '201': 1 },
    expectedStatuses: [201],
    errors: { unexpected: (run.status === 'COMPLETED' ? 0 : 1) + missing, socket: 0, timeouts: 0 },
    detail: { ...run },
  };
}

/**
 * Scenario 9: memory of the import path. A CSV of 100,000 hospitals, then
 * one of 1,000,000, each generated to a file and uploaded from it as a
 * stream (node:http, Content-Length known), then processed by the worker to
 * COMPLETED. For the api process (and the worker) it reports resident
 * memory just before the upload and at its peak, from the upload's start to
 * the batch's end: the kernel's own peak (VmHWM, reset just before the
 * upload) and the highest VmRSS sampled every 100 ms. The upload is
 * streamed to a temporary file and validated and stored from it as a
 * stream (ADR 8), so the peak should hardly depend on the file's size.
 */
export const importMemoryScenario: Scenario = {
  name: 'import-1m',
  number: 9,
  title: 'Hospital import memory: 100,000 and 1,000,000 rows',
  fullOnly: true,
  serverEnv: () => ({
    HOSPITAL_IMPORT_MAX_ROWS: String(SIZES.at(-1)),
    HOSPITAL_IMPORT_MAX_BYTES: `${Math.ceil((SIZES.at(-1)! * BYTES_PER_ROW) / 1024 ** 2) + 1}mb`,
  }),
  async run(ctx) {
    const runs: ImportRun[] = [];
    for (const rows of SIZES) runs.push(await importOnce(ctx, rows));
    const [small, large] = runs;
    const ratio = growthOf(large.api) / Math.max(1, growthOf(small.api));
    const fileRatio = large.fileBytes / small.fileBytes;
    const describe = (who: string, run: ImportRun, m: ProcessMemory) =>
      `${who}, ${count(run.rows)} rows: ${mb(m.idleKb)} idle before the upload, peak ${mb(peakOf(m))} ` +
      `(+${mb(growthOf(m))}; sampled every 100 ms: ${mb(m.sampledPeakKb)}; during the upload request alone ${mb(m.uploadPeakKb)}).`;
    return {
      measurements: runs.map(measurement),
      targets: [
        {
          target: `api peak RSS above idle at ${count(large.rows)} rows ≤ 2 × that at ${count(small.rows)} (a file ${fileRatio.toFixed(0)} × larger)`,
          actual: `+${mb(growthOf(large.api))} vs +${mb(growthOf(small.api))} (× ${ratio.toFixed(2)})`,
          met: ratio <= 2,
        },
      ],
      notes: [
        ...runs.map(
          (run) =>
            `${count(run.rows)} rows (${mb(run.fileBytes / 1024)}): upload, validation and storage of the file ${run.uploadSeconds.toFixed(1)} s, ` +
            `upload to ${run.status} ${run.importSeconds.toFixed(1)} s (${count(Math.round(run.rows / run.importSeconds))} rows/s).`,
        ),
        ...runs.map((run) => describe('API process RSS', run, run.api)),
        ...runs.flatMap((run) => (run.worker ? [describe('Worker process RSS', run, run.worker)] : [])),
      ],
      detail: { runs },
    };
  },
};
