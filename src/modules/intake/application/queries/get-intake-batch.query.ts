import type { Principal } from '@hms/authz';
import { Query } from '@nestjs/cqrs';
import type { IntakeBatchView } from '../intake-batch-view.js';

export class GetIntakeBatch extends Query<IntakeBatchView> {
  constructor(
    readonly reader: Principal,
    readonly batchId: string,
  ) {
    super();
  }
}
