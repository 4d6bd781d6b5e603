import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { AuditKeyring } from '../../domain/audit-keyring.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import { type AuditEventView, toAuditEventView } from '../audit-event-view.js';
import { GetAuditEvent } from './get-audit-event.query.js';

@QueryHandler(GetAuditEvent)
export class GetAuditEventHandler implements IQueryHandler<GetAuditEvent, AuditEventView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
    private readonly keys: AuditKeyring,
  ) {}

  async execute({ eventId, actor }: GetAuditEvent): Promise<AuditEventView> {
    // The lookup is audited whether or not it finds anything, so the 404 is raised after the commit.
    const entry = await this.uow.run(actor, async (tx) => {
      const found = await this.reader.byEventId(tx.manager, eventId);
      tx.record(new AuditTrailQueried(actor.id, { query: 'get-event', filters: { eventId } }));
      return found;
    });
    if (!entry) throw new NotFoundError('AuditEvent', eventId);
    return toAuditEventView(entry, this.keys);
  }
}
