import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { eventUpcasters } from '@hms/ddd';
import { namespacedEventType } from '../../domain/legacy-event-types.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import type { RecordVersionView } from '../record-version-view.js';
import { GetRecordVersions } from './get-record-versions.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetRecordVersions)
export class GetRecordVersionsHandler implements IQueryHandler<GetRecordVersions, RecordVersionView[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
  ) {}

  async execute({ resourceType, resourceId, until }: GetRecordVersions): Promise<RecordVersionView[]> {
    const entries = await this.reader.versions(this.uow.manager(), resourceType, resourceId, until);
    return entries.map((entry) => {
      // A replay interprets payloads: it reads each one as the current version of its (namespaced) type.
      const { type, payload } = eventUpcasters.upcast({ type: namespacedEventType(entry.type), payload: entry.change });
      return {
        version: entry.aggregateVersion,
        type,
        occurredAt: entry.occurredAt,
        actor: { id: entry.actorId ?? entry.actor.id, kind: entry.actor.kind },
        change: payload,
      };
    });
  }
}
