import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { expectStatus } from '../api-client.js';
import type { BenchOptions } from '../options.js';
import { startBacklogSampler, waitForAuditBacklog } from '../samplers/backlog-sampler.js';
import { startRssSampler } from '../samplers/process-stats.js';
import type { Scenario } from '../scenario.js';
import { copyHospitals, createCopyTable, writeHospitalCsv } from './hospital-rows.js';

const COPY_TABLE = 'bench_copy_hospitals';
const POLL_INTERVAL_MS = 250;
/** Generous bytes per generated row (the longest, at a million rows, is 56). */
const BYTES_PER_ROW = 64;

const rowsFor = (options: BenchOptions) => (options.full ? 1_000_000 : 100_000);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

interface BatchView {
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED';
  readonly totalHospitals: number;
  readonly processedHospitals: number;
  readonly failedHospitals: number;
  readonly processingTimeSeconds: number | null;
  readonly errors: readonly unknown[];
}

interface BatchTimes {
  created: number;
  started: number | null;
  finished: number | null;
  stored: number;
}

/**
 * Scenario 8: a CSV of 100,000 hospitals (1,000,000 with --full), uploaded
 * as the administrator with the row and byte limits raised, timed from the
 * start of the upload to the batch's COMPLETED. The baseline is a COPY of
 * the same rows into a table shaped like `hospitals`, in the same run. The
 * server's resident memory is sampled throughout (the import is meant to
 * stream in constant memory), and the audit/outbox sampler watches the
 * batch's events reach the audit store.
 */
export const hospitalImportScenario: Scenario = {
  name: 'import',
  number: 8,
  title: 'Hospital CSV import vs COPY',
  serverEnv: (options) => ({
    HOSPITAL_IMPORT_MAX_ROWS: String(rowsFor(options)),
    HOSPITAL_IMPORT_MAX_BYTES: `${Math.ceil((rowsFor(options) * BYTES_PER_ROW) / 1024 ** 2) + 1}mb`,
  }),
  async run(ctx) {
    const rows = rowsFor(ctx.options);
    const config = loadConfig(ctx.serverEnv);
    const file = join(ctx.workDir, `hospitals-${rows}.csv`);
    const bytes = await writeHospitalCsv(file, rows);
    ctx.log(`  wrote ${count(rows)} rows (${mb(bytes / 1024)}) to ${file}`);
    const token = await ctx.adminToken();

    const memory = startRssSampler(ctx.serverPid, 100);
    const workerMemory = ctx.workerPid ? startRssSampler(ctx.workerPid, 100) : undefined;
    const sampler = startBacklogSampler(ctx.db);
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'hospitals.csv');
    const startedAt = Date.now();
    const upload = await ctx.api.request<{ batchId: string }>('POST', '/api/v1/hospitals/bulk', {
      token,
      body: form,
      timeoutMs: 600_000,
    });
    const uploadSeconds = (Date.now() - startedAt) / 1000;
    const uploadPeakKb = memory.peakSoFar();
    memory.resetPeak();
    expectStatus(upload, 201, 'the upload');
    const { batchId } = upload.body;
    ctx.log(`  uploaded in ${uploadSeconds.toFixed(1)} s; batch ${batchId} processing`);

    let batch: BatchView | undefined;
    const deadline = Date.now() + 120_000 + rows; // two minutes plus a millisecond per row
    while (!batch) {
      const res = await ctx.api.request<BatchView>('GET', `/api/v1/hospitals/batch/${batchId}`, { token });
      expectStatus(res, 200, 'polling the batch');
      if (res.body.status !== 'IN_PROGRESS') batch = res.body;
      else if (Date.now() > deadline)
        throw new Error(`batch ${batchId} still IN_PROGRESS after ${(Date.now() - startedAt) / 1000} s`);
      else await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    const observedSeconds = (Date.now() - startedAt) / 1000;
    const processingPeakKb = memory.peakSoFar();
    if (batch.status === 'FAILED') throw new Error(`batch ${batchId} ended FAILED`);

    const {
      rows: [times],
    } = await ctx.db.query<BatchTimes>(
      `SELECT extract(epoch FROM created_at)::float8 AS created, extract(epoch FROM started_at)::float8 AS started,
              extract(epoch FROM finished_at)::float8 AS finished,
              (SELECT count(*)::int FROM hospitals WHERE batch_id = $1) AS stored
         FROM hospital_import_batches WHERE id = $1`,
      [batchId],
    );
    // The batch's finish time, read from the database, is sharper than the poll that saw it.
    const importSeconds = (times.finished ?? observedSeconds + startedAt / 1000) - startedAt / 1000;
    const processingSeconds = times.finished !== null && times.started !== null ? times.finished - times.started : NaN;
    const queuedSeconds = times.started !== null ? times.started - times.created : NaN;

    const audited = await waitForAuditBacklog(ctx.db, 30_000);
    const backlog = await sampler.stop();
    const rss = memory.stop();
    const workerRss = workerMemory?.stop();

    ctx.log(`  import done in ${importSeconds.toFixed(1)} s; COPY of the same rows for the baseline`);
    await createCopyTable(ctx.db, COPY_TABLE);
    const copySeconds = await copyHospitals(ctx.db, COPY_TABLE, rows, batchId, config.hospitals.defaultTimeZone);
    const {
      rows: [copied],
    } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${COPY_TABLE}`);
    if (copied.n !== rows) throw new Error(`COPY stored ${copied.n} rows, expected ${rows}`);

    const importRate = rows / importSeconds;
    const copyRate = rows / copySeconds;
    const ratio = importRate / copyRate;
    const missing = Math.abs(rows - times.stored);

    return {
      measurements: [
        {
          label: `CSV import, ${count(rows)} rows, upload to ${batch.status}`,
          rate: { value: importRate, unit: 'rows/s' },
          statuses: { [String(upload.status)]: 1 },
          expectedStatuses: [201],
          errors: { unexpected: batch.failedHospitals + missing, socket: 0, timeouts: 0 },
          baseline: { label: 'COPY', ratio },
          detail: {
            rows,
            fileBytes: bytes,
            // The batch as the API answered, without its list of the first thousand hospitals.
            batch: {
              status: batch.status,
              totalHospitals: batch.totalHospitals,
              processedHospitals: batch.processedHospitals,
              failedHospitals: batch.failedHospitals,
              processingTimeSeconds: batch.processingTimeSeconds,
              errors: batch.errors,
            },
            storedRows: times.stored,
            uploadSeconds,
            queuedSeconds,
            processingSeconds,
            importSeconds,
            observedSeconds,
            pollIntervalMs: POLL_INTERVAL_MS,
          },
        },
        {
          label: `COPY of the same rows into ${COPY_TABLE}`,
          rate: { value: copyRate, unit: 'rows/s' },
          errors: { unexpected: 0, socket: 0, timeouts: 0 },
          detail: { rows, copySeconds },
        },
      ],
      targets: [
        { target: 'import ≥ 20,000 rows/s', actual: `${count(Math.round(importRate))} rows/s`, met: importRate >= 20_000 },
        { target: 'import ≥ 0.2 of COPY', actual: ratio.toFixed(3), met: ratio >= 0.2 },
        {
          target: "the batch's events reach the audit store (outbox drained, ≥ 2 entries appended)",
          actual: `${backlog.auditAppended} appended, outbox ${audited ? 'drained' : `${backlog.final?.unaudited} unaudited`}`,
          met: audited && backlog.auditAppended >= 2,
        },
      ],
      notes: [
        `${count(rows)} rows (${mb(bytes / 1024)}): upload and validation ${uploadSeconds.toFixed(1)} s, ` +
          `queued ${queuedSeconds.toFixed(1)} s, stored by the worker in ${processingSeconds.toFixed(1)} s ` +
          `(${count(Math.round(rows / processingSeconds))} rows/s); upload to ${batch.status} ${importSeconds.toFixed(1)} s ` +
          `(seen by polling every ${POLL_INTERVAL_MS} ms after ${observedSeconds.toFixed(1)} s).`,
        `COPY of the same rows: ${copySeconds.toFixed(1)} s (${count(Math.round(copyRate))} rows/s); the import ran at ${ratio.toFixed(3)} of it.`,
        `Server RSS: ${mb(rss.startRssKb)} before the upload, peak ${mb(uploadPeakKb)} while uploading and validating ` +
          `(streamed to a temporary file, ADR 8), peak ${mb(processingPeakKb)} while the worker stored the rows, ` +
          `${mb(rss.endRssKb)} after.`,
        ...(workerRss
          ? [
              `Worker process RSS: ${mb(workerRss.startRssKb)} before the upload, peak ${mb(workerRss.peakRssKb)}, ` +
                `${mb(workerRss.endRssKb)} after.`,
            ]
          : []),
        `Audit: ${backlog.auditAppended} entries appended during the scenario; outbox backlog at most ` +
          `${backlog.maxUnaudited} unaudited, ${backlog.maxUnpublished} unpublished.`,
      ],
      backlog,
      memory: rss,
    };
  },
};
