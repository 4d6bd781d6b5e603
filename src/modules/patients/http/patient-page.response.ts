import { ApiProperty } from '@nestjs/swagger';
import { PatientResponse } from './patient.response.js';

/** No total: counting every match under scope filters would cost more than the page (ADR 9). */
export class PatientPageResponse {
  @ApiProperty({ type: [PatientResponse] }) readonly items: readonly PatientResponse[];
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
  @ApiProperty({ description: 'Whether another page follows' }) readonly hasMore: boolean;
}
