import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemActor } from '@hms/ddd';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage } from '../../../infrastructure/storage/object-storage.js';
import { HospitalBatchProcessed } from '../domain/hospital-batch-processed.event.js';
import { HOSPITAL_CSV_FORMAT } from '../domain/hospital-csv-format.js';
import { HospitalCsvRecords } from '../domain/hospital-csv-records.js';
import { type ImportBatchStatus, settledStatus } from '../domain/import-batch-status.js';
import { BatchFileStream } from './batch-file-stream.js';
import { HospitalRepository } from './hospital.repository.js';
import { ImportBatchRepository } from './import-batch.repository.js';
import { ImportChunk } from './import-chunk.js';

/** Who the worker's writes and events are attributed to; the uploader is on the batch (created_by). */
export const IMPORT_ACTOR = systemActor('hospital-import');

const REFUSED_ROW_MESSAGE = 'The row could not be stored (the database refused it); fix it and import it again';
const GAVE_UP_MESSAGE =
  'Processing stopped after repeated failures; rows stored so far are kept. Delete the batch and upload again';

/**
 * Processes one import batch: streams the stored file from object storage
 * (or, uploaded before it, from PostgreSQL part by part) through the CSV parser and stores valid rows in chunks, each chunk in one
 * transaction with the batch's counters, errors and last_row_done. Nothing
 * holds more than one chunk of rows.
 *
 * It may run more than once for a batch (Bull retries, a stalled job picked
 * up again): each chunk locks the batch row and keeps only rows past
 * last_row_done, and (batch_id, batch_row) is unique with ON CONFLICT DO
 * NOTHING, so a row is stored and counted once however often it is read.
 */
@Injectable()
export class HospitalImportProcessor {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: ImportBatchRepository,
    private readonly hospitals: HospitalRepository,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs or resumes the batch; answers its status afterwards, or undefined when it no longer exists. */
  async process(batchId: string): Promise<ImportBatchStatus | undefined> {
    const batch = await this.batches.markStarted(this.dataSource.manager, batchId);
    if (!batch || batch.status !== 'IN_PROGRESS') return batch?.status;

    const records = new HospitalCsvRecords();
    // Verified as it is read (ADR 37): a damaged file fails the run before its last row counts as read.
    const source = batch.file_key
      ? await this.storage.get(batch.file_key)
      : new BatchFileStream((index) => this.batches.readFilePart(this.dataSource.manager, batchId, index));
    const parser = parse(HOSPITAL_CSV_FORMAT);
    // pipeline destroys both streams on an error or an early stop, so the loop below sees the error.
    pipeline(source, parser, () => undefined);

    let chunk = new ImportChunk();
    for await (const cells of parser as AsyncIterable<string[]>) {
      const reading = records.accept(cells);
      if (reading.kind === 'header-problems') throw new Error('the stored file no longer has a valid header');
      if (reading.kind === 'row' && reading.hospital.row > batch.last_row_done) chunk.addRow(reading.hospital);
      if (reading.kind === 'row-problems' && reading.row > batch.last_row_done) chunk.addFailure(reading.row, reading.problems);
      if (chunk.size >= this.config.hospitals.importChunkSize) {
        if (!(await this.store(batchId, chunk))) return this.statusOf(batchId);
        chunk = new ImportChunk();
      }
    }
    if (!(await this.store(batchId, chunk))) return this.statusOf(batchId);
    if (records.rowCount !== batch.total_rows) {
      throw new Error(`the stored file has ${records.rowCount} rows where the batch counted ${batch.total_rows}`);
    }
    return this.settle(batchId);
  }

  /** After the last attempt failed: the batch ends FAILED, keeping what was stored. */
  async giveUp(batchId: string): Promise<void> {
    await this.uow.run(IMPORT_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || batch.status !== 'IN_PROGRESS') return;
      const version = await this.batches.finish(tx.manager, batchId, 'FAILED', {
        row: null,
        column: null,
        message: GAVE_UP_MESSAGE,
      });
      tx.record(
        new HospitalBatchProcessed(batchId, version, {
          status: 'FAILED',
          processedRows: batch.processed_rows,
          failedRows: batch.failed_rows,
        }),
      );
    });
  }

  /** Stores one chunk; false when the batch is no longer in progress (another run finished it). */
  private async store(batchId: string, chunk: ImportChunk): Promise<boolean> {
    return this.uow.run(IMPORT_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || batch.status !== 'IN_PROGRESS') return false;
      if (chunk.size === 0) return true;
      // Another run of this batch may have stored part of the chunk meanwhile: keep what is still to do.
      const done = batch.last_row_done;
      const rows = chunk.rows.filter((r) => r.row > done);
      const problems = chunk.problems.filter((p) => p.row !== null && p.row > done);
      const stored = await this.hospitals.insertImported(tx.manager, batchId, rows, this.config.hospitals.defaultTimeZone);
      const refused = stored.refused.map((row) => ({ row, column: null, message: REFUSED_ROW_MESSAGE }));
      const failedRows = new Set([...problems, ...refused].map((p) => p.row)).size;
      await this.batches.recordProgress(tx.manager, batchId, {
        processedRows: stored.inserted,
        failedRows,
        errors: [...problems, ...refused].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
        lastRowDone: Math.max(done, chunk.lastRow),
      });
      return true;
    });
  }

  private async settle(batchId: string): Promise<ImportBatchStatus | undefined> {
    return this.uow.run(IMPORT_ACTOR, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch || batch.status !== 'IN_PROGRESS') return batch?.status;
      const status = settledStatus(batch.failed_rows);
      const version = await this.batches.finish(tx.manager, batchId, status);
      tx.record(
        new HospitalBatchProcessed(batchId, version, {
          status,
          processedRows: batch.processed_rows,
          failedRows: batch.failed_rows,
        }),
      );
      return status;
    });
  }

  private async statusOf(batchId: string): Promise<ImportBatchStatus | undefined> {
    return (await this.batches.findById(this.dataSource.manager, batchId))?.status;
  }
}
