import type { Principal } from '@hms/authz';
import { Query } from '@nestjs/cqrs';
import type { RecordOutcomeFilter } from '../../domain/intake-batch-status.js';
import type { IntakeRecordPage } from '../intake-batch-view.js';

export class ListIntakeRecords extends Query<IntakeRecordPage> {
  constructor(
    readonly reader: Principal,
    readonly batchId: string,
    readonly outcome: RecordOutcomeFilter | undefined,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
