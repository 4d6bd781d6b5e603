import { ApiProperty } from '@nestjs/swagger';
import { AccessReportItemResponse } from './access-report-item.response.js';

export class AccessReportPageResponse {
  @ApiProperty({ type: [AccessReportItemResponse] }) items: AccessReportItemResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
