import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { uuidv7 } from '@hms/ddd';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage, StorageUnavailableError } from '../../../../infrastructure/storage/object-storage.js';
import { HospitalBatchUploaded } from '../../domain/hospital-batch-uploaded.event.js';
import { validateHospitalCsv } from '../../domain/hospital-csv-validator.js';
import { assertSameUpload } from '../../domain/idempotent-upload.js';
import { InvalidHospitalCsvError } from '../../domain/invalid-hospital-csv.error.js';
import { ImportBatchRepository } from '../../infrastructure/import-batch.repository.js';
import type { ImportBatchRow } from '../../infrastructure/import-batch-row.js';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UPLOAD_ACCEPTED_MESSAGE } from '../hospital-batch-view.js';
import { type BatchUploadOutcome, UploadHospitalBatch } from './upload-hospital-batch.command.js';

/**
 * Accepts a CSV file as an import batch: the whole file is validated first
 * (an invalid one creates nothing), then streamed to object storage (ADR
 * 37), and only then the batch row and its HospitalBatchUploaded event
 * commit together. The event's handler queues the processing, so a crash or
 * a Redis outage between the two loses nothing. Storage unreachable answers
 * 503 and records nothing; a file stored for a batch that then fails to
 * commit is removed (or, failing that, by the retention cleanup). The file
 * is read as a stream each time, never held in memory.
 */
@CommandHandler(UploadHospitalBatch)
export class UploadHospitalBatchHandler implements ICommandHandler<UploadHospitalBatch, BatchUploadOutcome> {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: ImportBatchRepository,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ actor, file, idempotencyKey }: UploadHospitalBatch): Promise<BatchUploadOutcome> {
    const fileSha256 = file.sha256;
    const key = idempotencyKey ?? null;
    if (key) {
      const earlier = await this.batches.findByIdempotencyKey(this.dataSource.manager, actor.id, key);
      if (earlier) return this.replay(earlier, fileSha256);
    }

    const validation = await validateHospitalCsv(file.read, { maxRows: this.config.hospitals.importMaxRows });
    if (!validation.valid) throw new InvalidHospitalCsvError(validation.problems, validation.problemCount);

    const batchId = uuidv7();
    const fileKey = `hospital-imports/${batchId}.csv`;
    await this.store(fileKey, file);
    try {
      await this.uow.run(actor, async (tx) => {
        await this.batches.insert(tx.manager, {
          id: batchId,
          totalRows: validation.totalRows,
          fileSha256,
          fileKey,
          idempotencyKey: key,
          createdBy: actor.id,
        });
        tx.record(new HospitalBatchUploaded(batchId, { totalRows: validation.totalRows, fileBytes: file.bytes, fileSha256 }));
      });
    } catch (error) {
      await this.storage.delete(fileKey).catch(() => undefined);
      // The same key sent twice at once: the unique index lets one through; the other answers as a repetition.
      if (key && sqlStateOf(error) === '23505') {
        const earlier = await this.batches.findByIdempotencyKey(this.dataSource.manager, actor.id, key);
        if (earlier) return this.replay(earlier, fileSha256);
      }
      throw error;
    }
    return { view: accepted(batchId, validation.totalRows), replayed: false };
  }

  /** Streams the file to storage; the file validated must be the file stored, else nothing is kept. */
  private async store(fileKey: string, file: UploadHospitalBatch['file']): Promise<void> {
    let stored;
    try {
      stored = await this.storage.put(fileKey, file.read(), { contentType: 'text/csv' });
    } catch (error) {
      if (error instanceof StorageUnavailableError)
        throw new ServiceUnavailableException('File storage is unavailable; try again later');
      throw error;
    }
    if (stored.sha256 !== file.sha256 || stored.size !== file.bytes) {
      await this.storage.delete(fileKey);
      throw new Error(`the file changed while it was stored (${stored.size} bytes of ${file.bytes})`);
    }
  }

  private replay(earlier: ImportBatchRow, fileSha256: string): BatchUploadOutcome {
    assertSameUpload({ batchId: earlier.id, fileSha256: earlier.file_sha256 }, fileSha256);
    return { view: accepted(earlier.id, earlier.total_rows), replayed: true };
  }
}

/** The first answer, repeated exactly for a repetition of the request. */
function accepted(batchId: string, totalRows: number) {
  return { batchId, status: 'IN_PROGRESS' as const, totalHospitals: totalRows, message: UPLOAD_ACCEPTED_MESSAGE };
}
