import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ObjectStorage } from '../../../../infrastructure/storage/object-storage.js';
import { BatchReferencedError } from '../../domain/batch-referenced.error.js';
import { HospitalBatchDeleted } from '../../domain/hospital-batch-deleted.event.js';
import { assertBatchSettled } from '../../domain/import-batch-status.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { ImportBatchRepository } from '../../infrastructure/import-batch.repository.js';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { HospitalReferences } from '../hospital-references.js';
import { DeleteHospitalBatch } from './delete-hospital-batch.command.js';

/**
 * Removes a settled batch and its hospitals in one transaction, unless
 * something already refers to one of them: then nothing is deleted. Its
 * stored file goes after the commit.
 */
@CommandHandler(DeleteHospitalBatch)
export class DeleteHospitalBatchHandler implements ICommandHandler<DeleteHospitalBatch, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly batches: ImportBatchRepository,
    private readonly hospitals: HospitalRepository,
    private readonly references: HospitalReferences,
    private readonly storage: ObjectStorage,
  ) {}

  async execute({ actor, batchId }: DeleteHospitalBatch): Promise<void> {
    const fileKey = await this.uow.run(actor, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch) throw new NotFoundError('HospitalImportBatch', batchId);
      assertBatchSettled(batchId, batch.status);
      // Locked before counting: see HospitalRepository.lockBatch. The counts below run on this transaction's connection.
      await this.hospitals.lockBatch(tx.manager, batchId);
      const references = await this.references.ofBatch(tx.manager, batchId);
      if (Object.values(references).some((count) => count > 0)) throw new BatchReferencedError(batchId, references);
      let deleted: number;
      try {
        deleted = await this.hospitals.deleteBatch(tx.manager, batchId);
      } catch (error) {
        // A department created after the check above: the foreign key refuses, and nothing is deleted.
        if (sqlStateOf(error) === '23503') throw new BatchReferencedError(batchId, references);
        throw error;
      }
      await this.batches.delete(tx.manager, batchId);
      tx.record(new HospitalBatchDeleted(batchId, batch.version + 1, deleted));
      return batch.file_key;
    });
    // After the commit: a failed removal leaves the file to the retention cleanup, never a batch without its file.
    if (fileKey) await this.storage.delete(fileKey).catch(() => undefined);
  }
}
