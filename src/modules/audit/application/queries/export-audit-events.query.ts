import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { SortOrder } from '../../domain/audit-cursor.js';
import type { AuditEventFilter } from '../audit-event-filter.js';
import type { ExportFormat } from '../export/audit-export-format.js';

/** A file of audit entries, produced while it is sent. */
export interface AuditExport {
  readonly contentType: string;
  readonly fileName: string;
  /** Text to write in order; pulled one page of entries at a time, so memory stays flat. */
  readonly chunks: AsyncIterable<string>;
}

export class ExportAuditEvents extends Query<AuditExport> {
  constructor(
    readonly filter: AuditEventFilter,
    readonly order: SortOrder,
    readonly format: ExportFormat,
    readonly actor: Actor,
  ) {
    super();
  }
}
