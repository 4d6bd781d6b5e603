import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { AuditPageRequest } from './audit-page.request.js';

export class AccessReportRequest extends AuditPageRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Accessed at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Accessed before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
