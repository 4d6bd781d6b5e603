import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { HospitalBatchView } from '../hospital-batch-view.js';

export class ActivateHospitalBatch extends Command<HospitalBatchView> {
  constructor(
    readonly actor: Actor,
    readonly batchId: string,
  ) {
    super();
  }
}
