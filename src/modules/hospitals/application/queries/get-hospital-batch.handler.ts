import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HospitalBatchView } from '../hospital-batch-view.js';
import { HospitalBatchViews } from '../hospital-batch-views.js';
import { GetHospitalBatch } from './get-hospital-batch.query.js';

@QueryHandler(GetHospitalBatch)
export class GetHospitalBatchHandler implements IQueryHandler<GetHospitalBatch, HospitalBatchView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: HospitalBatchViews,
  ) {}

  execute({ batchId }: GetHospitalBatch): Promise<HospitalBatchView> {
    return this.views.load(this.dataSource.manager, batchId);
  }
}
