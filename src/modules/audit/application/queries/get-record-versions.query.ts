import { Query } from '@nestjs/cqrs';
import type { RecordVersionView } from '../record-version-view.js';

/**
 * The versioned events of one record, oldest first, up to an instant when
 * given: for contexts that rebuild a record's past (history, as-of reads).
 * The calling context records its own access event; this query records none.
 */
export class GetRecordVersions extends Query<RecordVersionView[]> {
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly until?: Date,
  ) {
    super();
  }
}
