import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { AuditEventView } from '../audit-event-view.js';
import type { AuditPage } from '../audit-page.js';

/** Every event of one record (its aggregate's stream), oldest first. */
export class GetResourceHistory extends Query<AuditPage<AuditEventView>> {
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly page: { readonly cursor?: string; readonly limit: number },
    readonly actor: Actor,
  ) {
    super();
  }
}
