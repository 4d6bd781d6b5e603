import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { AccessReportItem } from '../access-report-item.js';
import type { AuditPage } from '../audit-page.js';

/** Who accessed one patient's record, when, what and why (the accounting of disclosures), oldest first. */
export class GetPatientAccessReport extends Query<AuditPage<AccessReportItem>> {
  constructor(
    readonly patientId: string,
    readonly window: { readonly from?: Date; readonly to?: Date },
    readonly page: { readonly cursor?: string; readonly limit: number },
    readonly actor: Actor,
  ) {
    super();
  }
}
