import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import type { SortOrder } from '../../domain/audit-cursor.js';
import { AuditTrailQueried } from '../../domain/audit-trail-queried.event.js';
import { assertOrdered } from '../../domain/assert-ordered.js';
import { AuditKeyring } from '../../domain/audit-keyring.js';
import { AuditEventReader } from '../../infrastructure/audit-event-reader.js';
import type { AuditEventFilter } from '../audit-event-filter.js';
import { toAuditEventView } from '../audit-event-view.js';
import { type ExportEncoding, exportEncoding } from '../export/audit-export-format.js';
import { queryFilters } from '../query-filters.js';
import { type AuditExport, ExportAuditEvents } from './export-audit-events.query.js';

/** Entries per query while exporting. */
const EXPORT_PAGE_SIZE = 500;

/**
 * Streams the filtered trail as CSV, NDJSON or a FHIR Bundle. It pages by
 * keyset, each page a short query of its own (no transaction or cursor held
 * open for the length of a download), up to the head as it stood when the
 * export began, so entries appended meanwhile neither join nor shift it.
 */
@QueryHandler(ExportAuditEvents)
export class ExportAuditEventsHandler implements IQueryHandler<ExportAuditEvents, AuditExport> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: AuditEventReader,
    private readonly keys: AuditKeyring,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ filter, order, format, actor }: ExportAuditEvents): Promise<AuditExport> {
    assertOrdered(filter.from, filter.to, ['from', 'to']);
    // Recorded before the first byte leaves, so an export broken off midway is audited too.
    const upTo = await this.uow.run(actor, async (tx) => {
      tx.record(new AuditTrailQueried(actor.id, { query: 'export', filters: queryFilters({ ...filter, order, format }) }));
      return this.reader.headSequence(tx.manager);
    });
    const encoding = exportEncoding(format, new Date());
    return {
      contentType: encoding.contentType,
      fileName: `audit-events.${encoding.extension}`,
      chunks: this.chunks(filter, order, upTo, encoding),
    };
  }

  private async *chunks(
    filter: AuditEventFilter,
    order: SortOrder,
    upTo: number,
    encoding: ExportEncoding,
  ): AsyncGenerator<string> {
    if (encoding.opening) yield encoding.opening;
    let after: number | undefined;
    let index = 0;
    for (;;) {
      const entries = await this.reader.page(this.dataSource, filter, { order, after, limit: EXPORT_PAGE_SIZE, upTo });
      if (entries.length > 0) yield entries.map((entry) => encoding.item(toAuditEventView(entry, this.keys), index++)).join('');
      if (entries.length < EXPORT_PAGE_SIZE) break;
      after = entries[entries.length - 1].sequence;
    }
    if (encoding.closing) yield encoding.closing;
  }
}
