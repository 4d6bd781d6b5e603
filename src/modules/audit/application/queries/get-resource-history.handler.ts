import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { decodeCursor } from '../../domain/audit-cursor.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { AuditKeyring } from '../../domain/audit-keyring.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import { type AuditEventView, toAuditEventView } from '../audit-event-view.js';
import type { AuditPage } from '../audit-page.js';
import { keysetPage } from '../keyset-page.js';
import { queryFilters } from '../query-filters.js';
import { GetResourceHistory } from './get-resource-history.query.js';

@QueryHandler(GetResourceHistory)
export class GetResourceHistoryHandler implements IQueryHandler<GetResourceHistory, AuditPage<AuditEventView>> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
    private readonly keys: AuditKeyring,
  ) {}

  execute({ resourceType, resourceId, page, actor }: GetResourceHistory): Promise<AuditPage<AuditEventView>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, 'asc');
    return this.uow.run(actor, async (tx) => {
      const entries = await this.reader.page(
        tx.manager,
        { resourceType, resourceId },
        { order: 'asc', after, limit: page.limit + 1 },
      );
      tx.record(
        new AuditTrailQueried(actor.id, {
          query: 'resource-history',
          filters: queryFilters({ resourceType, resourceId, limit: page.limit, cursor: page.cursor }),
        }),
      );
      return keysetPage(
        entries.map((entry) => ({ entry })),
        page.limit,
        'asc',
        ({ entry }) => toAuditEventView(entry, this.keys),
      );
    });
  }
}
