import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { HospitalBatchActivated } from '../../domain/hospital-batch-activated.event.js';
import { assertBatchSettled } from '../../domain/import-batch-status.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { ImportBatchRepository } from '../../infrastructure/import-batch.repository.js';
import type { HospitalBatchView } from '../hospital-batch-view.js';
import { HospitalBatchViews } from '../hospital-batch-views.js';
import { ActivateHospitalBatch } from './activate-hospital-batch.command.js';

/**
 * Every hospital of a settled batch becomes active, in one UPDATE inside
 * one transaction: all of them or, if any row fails, none. A second call
 * changes nothing and records nothing.
 */
@CommandHandler(ActivateHospitalBatch)
export class ActivateHospitalBatchHandler implements ICommandHandler<ActivateHospitalBatch, HospitalBatchView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly batches: ImportBatchRepository,
    private readonly hospitals: HospitalRepository,
    private readonly views: HospitalBatchViews,
  ) {}

  async execute({ actor, batchId }: ActivateHospitalBatch): Promise<HospitalBatchView> {
    return this.uow.run(actor, async (tx) => {
      const batch = await this.batches.findById(tx.manager, batchId, true);
      if (!batch) throw new NotFoundError('HospitalImportBatch', batchId);
      assertBatchSettled(batchId, batch.status);
      if (batch.activated_at === null) {
        const activated = await this.hospitals.activateBatch(tx.manager, batchId);
        const version = await this.batches.markActivated(tx.manager, batchId);
        tx.record(new HospitalBatchActivated(batchId, version, activated));
      }
      return this.views.load(tx.manager, batchId);
    });
  }
}
