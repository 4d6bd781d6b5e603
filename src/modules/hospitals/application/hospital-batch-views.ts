import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { processingSeconds } from '../domain/import-batch-status.js';
import { HospitalRepository } from '../infrastructure/hospital.repository.js';
import { ImportBatchRepository } from '../infrastructure/import-batch.repository.js';
import type { HospitalBatchView } from './hospital-batch-view.js';
import { toHospitalView } from './hospital-view.js';

/**
 * Hospitals listed in a batch view. A larger batch (the row limit raised)
 * is paged through GET /hospitals?batchId=..., so one answer stays small.
 */
export const BATCH_VIEW_HOSPITALS = 1_000;

/** Reads the batch view, inside a command's transaction when given its manager, so it shows the command's writes. */
@Injectable()
export class HospitalBatchViews {
  constructor(
    private readonly batches: ImportBatchRepository,
    private readonly hospitals: HospitalRepository,
  ) {}

  async load(db: EntityManager, batchId: string): Promise<HospitalBatchView> {
    const batch = await this.batches.findById(db, batchId);
    if (!batch) throw new NotFoundError('HospitalImportBatch', batchId);
    const hospitals = await this.hospitals.listOfBatch(db, batchId, BATCH_VIEW_HOSPITALS);
    return {
      batchId: batch.id,
      status: batch.status,
      totalHospitals: batch.total_rows,
      processedHospitals: batch.processed_rows,
      failedHospitals: batch.failed_rows,
      processingTimeSeconds: processingSeconds(batch.started_at, batch.finished_at),
      batchActivated: batch.activated_at !== null,
      errors: batch.errors,
      hospitals: hospitals.map(toHospitalView),
    };
  }
}
