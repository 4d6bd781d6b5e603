import { Query } from '@nestjs/cqrs';
import type { RecordOutcomeFilter } from '../../domain/intake-batch-status.js';
import type { PatientEditor } from '../../../patients/index.js';
import type { IntakeRecordPage } from '../intake-batch-view.js';

export class ListIntakeRecords extends Query<IntakeRecordPage> {
  constructor(
    readonly reader: PatientEditor,
    readonly batchId: string,
    readonly outcome: RecordOutcomeFilter | undefined,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}

/** Every record outcome of a batch (of one kind), as CSV lines for spreadsheets: header first, cells made safe. */
export class ExportIntakeRecords extends Query<AsyncIterable<string>> {
  constructor(
    readonly reader: PatientEditor,
    readonly batchId: string,
    readonly outcome: RecordOutcomeFilter | undefined,
  ) {
    super();
  }
}
