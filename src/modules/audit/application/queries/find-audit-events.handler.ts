import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { decodeCursor } from '../../domain/audit-cursor.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { assertOrdered } from '../../domain/assert-ordered.js';
import { AuditKeyring } from '../../domain/audit-keyring.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import { type AuditEventView, toAuditEventView } from '../audit-event-view.js';
import type { AuditPage } from '../audit-page.js';
import { keysetPage } from '../keyset-page.js';
import { queryFilters } from '../query-filters.js';
import { FindAuditEvents } from './find-audit-events.query.js';

/** The audit trail, filtered, one keyset page at a time (newest first unless asked otherwise). */
@QueryHandler(FindAuditEvents)
export class FindAuditEventsHandler implements IQueryHandler<FindAuditEvents, AuditPage<AuditEventView>> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
    private readonly keys: AuditKeyring,
  ) {}

  execute({ filter, page, actor }: FindAuditEvents): Promise<AuditPage<AuditEventView>> {
    assertOrdered(filter.from, filter.to, ['from', 'to']);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, page.order);
    return this.uow.run(actor, async (tx) => {
      const entries = await this.reader.page(tx.manager, filter, { order: page.order, after, limit: page.limit + 1 });
      tx.record(
        new AuditTrailQueried(actor.id, {
          query: 'find-events',
          filters: queryFilters({ ...filter, order: page.order, limit: page.limit, cursor: page.cursor }),
        }),
      );
      return keysetPage(
        entries.map((entry) => ({ entry })),
        page.limit,
        page.order,
        ({ entry }) => toAuditEventView(entry, this.keys),
      );
    });
  }
}
