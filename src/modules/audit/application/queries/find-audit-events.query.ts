import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { SortOrder } from '../../domain/audit-cursor.js';
import type { AuditEventFilter } from '../audit-event-filter.js';
import type { AuditEventView } from '../audit-event-view.js';
import type { AuditPage } from '../audit-page.js';

export class FindAuditEvents extends Query<AuditPage<AuditEventView>> {
  constructor(
    readonly filter: AuditEventFilter,
    readonly page: { readonly cursor?: string; readonly limit: number; readonly order: SortOrder },
    readonly actor: Actor,
  ) {
    super();
  }
}
