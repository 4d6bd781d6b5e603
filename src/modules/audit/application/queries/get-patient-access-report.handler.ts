import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { decodeCursor } from '../../domain/audit-cursor.js';
import { AuditKeyring } from '../../domain/audit-keyring.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { assertOrdered } from '../../domain/assert-ordered.js';
import { whyOf } from '../../domain/audit-why.js';
import { namespacedEventType } from '../../domain/legacy-event-types.js';
import { shownResourceId } from '../../domain/session-reference.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import type { AccessReportItem } from '../access-report-item.js';
import { toAuditActorView } from '../audit-event-view.js';
import type { AuditPage } from '../audit-page.js';
import { keysetPage } from '../keyset-page.js';
import { queryFilters } from '../query-filters.js';
import { GetPatientAccessReport } from './get-patient-access-report.query.js';

@QueryHandler(GetPatientAccessReport)
export class GetPatientAccessReportHandler implements IQueryHandler<GetPatientAccessReport, AuditPage<AccessReportItem>> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
    private readonly keys: AuditKeyring,
  ) {}

  execute({ patientId, window, page, actor }: GetPatientAccessReport): Promise<AuditPage<AccessReportItem>> {
    assertOrdered(window.from, window.to, ['from', 'to']);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, 'asc');
    return this.uow.run(actor, async (tx) => {
      const rows = await this.reader.accessReport(tx.manager, patientId, window, { order: 'asc', after, limit: page.limit + 1 });
      tx.record(
        new AuditTrailQueried(actor.id, {
          query: 'access-report',
          filters: queryFilters({ patientId, ...window, limit: page.limit, cursor: page.cursor }),
        }),
      );
      return keysetPage(rows, page.limit, 'asc', ({ entry, breakGlass }) => ({
        sequence: entry.sequence,
        eventId: entry.eventId,
        occurredAt: entry.occurredAt,
        type: namespacedEventType(entry.type),
        action: entry.action,
        outcome: entry.outcome,
        who: toAuditActorView(entry, this.keys),
        what: { resourceType: entry.resourceType, resourceId: shownResourceId(entry, this.keys) },
        why: whyOf(entry),
        breakGlass,
        correlationId: entry.correlationId,
      }));
    });
  }
}
