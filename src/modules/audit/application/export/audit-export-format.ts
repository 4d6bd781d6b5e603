import type { AuditEventView } from '../audit-event-view.js';
import { AUDIT_CSV_HEADER, auditCsvRecord } from './audit-csv.js';
import { toFhirAuditEvent } from './fhir-audit-event.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How an export is framed: what opens it, how each entry is written, what closes it. */
export interface ExportEncoding {
  readonly contentType: string;
  readonly extension: string;
  readonly opening: string;
  item(event: AuditEventView, index: number): string;
  readonly closing: string;
}

export function exportEncoding(format: ExportFormat, now: Date): ExportEncoding {
  switch (format) {
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8; header=present',
        extension: 'csv',
        opening: AUDIT_CSV_HEADER,
        item: auditCsvRecord,
        closing: '',
      };
    case 'ndjson':
      return {
        contentType: 'application/x-ndjson; charset=utf-8',
        extension: 'ndjson',
        opening: '',
        item: (event) => `${JSON.stringify(event)}\n`,
        closing: '',
      };
    case 'fhir':
      // A Bundle streamed as it is read: the entries are written between an opening and a closing that never change.
      return {
        contentType: 'application/fhir+json; charset=utf-8',
        extension: 'json',
        opening: `{"resourceType":"Bundle","type":"collection","timestamp":${JSON.stringify(now.toISOString())},"entry":[`,
        item: (event, index) =>
          `${index === 0 ? '' : ','}${JSON.stringify({ fullUrl: `urn:uuid:${event.eventId}`, resource: toFhirAuditEvent(event) })}`,
        closing: ']}',
      };
  }
}
