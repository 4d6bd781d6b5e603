import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { HospitalBatchView } from '../hospital-batch-view.js';
import { HospitalBatchViews } from '../hospital-batch-views.js';
import { GetHospitalBatch } from './get-hospital-batch.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetHospitalBatch)
export class GetHospitalBatchHandler implements IQueryHandler<GetHospitalBatch, HospitalBatchView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: HospitalBatchViews,
  ) {}

  execute({ batchId }: GetHospitalBatch): Promise<HospitalBatchView> {
    return this.views.load(this.uow.manager(), batchId);
  }
}
