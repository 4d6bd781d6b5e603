import type { Principal } from '@hms/authz';
import { Query } from '@nestjs/cqrs';
import type { IntakeBatchPage } from '../intake-batch-view.js';

export class ListIntakeBatches extends Query<IntakeBatchPage> {
  constructor(
    readonly reader: Principal,
    /** Narrows to one hospital; within the reader's scope either way. */
    readonly hospitalId: string | undefined,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
