import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { SortOrder } from '../domain/audit-cursor.js';
import { AuditEventFilterRequest } from './audit-event-filter.request.js';
import { AuditPageRequest } from './audit-page.request.js';

export class FindAuditEventsRequest extends IntersectionType(AuditEventFilterRequest, AuditPageRequest) {
  @ApiPropertyOptional({ enum: ['desc', 'asc'], default: 'desc', description: 'desc: newest first' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: SortOrder = 'desc';
}
