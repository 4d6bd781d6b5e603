import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { IntakeBatchView } from '../intake-batch-view.js';

/** A JSON record as sent: only intake fields (checked by the HTTP layer), each text or null. */
export type RawIntakeRecord = Readonly<Record<string, string | null>>;

/** A CSV feed already streamed to object storage as it arrived, its header checked and its records counted. */
export interface StoredIntakeFile {
  readonly batchId: string;
  readonly receivedAt: Date;
  readonly fileName: string;
  readonly fileKey: string;
  /** Hex. */
  readonly sha256: string;
  readonly bytes: number;
  readonly records: number;
}

export type IntakeFeed =
  | { readonly source: 'json'; readonly records: readonly RawIntakeRecord[] }
  | { readonly source: 'csv'; readonly file: StoredIntakeFile };

export interface SubmittedIntake {
  readonly view: IntakeBatchView;
  /** The same Idempotency-Key and feed sent again: the first answer, nothing new stored. */
  readonly replayed: boolean;
}

/** Records a feed as a batch and hands it to the worker. */
export class SubmitIntake extends Command<SubmittedIntake> {
  constructor(
    readonly submitter: PatientEditor,
    readonly hospitalId: string,
    /** The department its visits are filed under; the submitter's own when left out. */
    readonly departmentId: string | undefined,
    readonly idempotencyKey: string | undefined,
    readonly feed: IntakeFeed,
  ) {
    super();
  }
}
