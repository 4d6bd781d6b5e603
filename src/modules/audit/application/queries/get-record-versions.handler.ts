import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventUpcasters } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { namespacedEventType } from '../../domain/legacy-event-types.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import type { RecordVersionView } from '../record-version-view.js';
import { GetRecordVersions } from './get-record-versions.query.js';

@QueryHandler(GetRecordVersions)
export class GetRecordVersionsHandler implements IQueryHandler<GetRecordVersions, RecordVersionView[]> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: AuditEventReader,
  ) {}

  async execute({ resourceType, resourceId, until }: GetRecordVersions): Promise<RecordVersionView[]> {
    const entries = await this.reader.versions(this.dataSource, resourceType, resourceId, until);
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
