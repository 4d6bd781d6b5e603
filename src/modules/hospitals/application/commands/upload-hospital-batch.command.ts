import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { BatchUploadView } from '../hospital-batch-view.js';
import type { ImportFile } from '../import-file.js';

export interface BatchUploadOutcome {
  readonly view: BatchUploadView;
  /** True when the Idempotency-Key named a batch this file already created. */
  readonly replayed: boolean;
}

export class UploadHospitalBatch extends Command<BatchUploadOutcome> {
  constructor(
    readonly actor: Actor,
    readonly file: ImportFile,
    readonly idempotencyKey: string | undefined,
  ) {
    super();
  }
}
