import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../application/export/audit-export-format.js';
import type { SortOrder } from '../domain/audit-cursor.js';
import { AuditEventFilterRequest } from './audit-event-filter.request.js';

export class ExportAuditEventsRequest extends AuditEventFilterRequest {
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'csv (RFC 4180), ndjson, or fhir (a Bundle of FHIR R4 AuditEvent)' })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc: oldest first, as a log reads' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: SortOrder = 'asc';
}
