import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';

export class DeleteHospitalBatch extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly batchId: string,
  ) {
    super();
  }
}
