import { DomainError } from '@hms/ddd';

export class BatchInProgressError extends DomainError<'HOSPITAL.BATCH_IN_PROGRESS'> {
  readonly code = 'HOSPITAL.BATCH_IN_PROGRESS' as const;
  constructor(batchId: string) {
    super('The batch is still being processed; try again when its status is no longer IN_PROGRESS', { batchId });
  }
}
