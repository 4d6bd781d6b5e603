import { Query } from '@nestjs/cqrs';
import type { HospitalBatchView } from '../hospital-batch-view.js';

export class GetHospitalBatch extends Query<HospitalBatchView> {
  constructor(readonly batchId: string) {
    super();
  }
}
