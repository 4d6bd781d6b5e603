import { ApiProperty } from '@nestjs/swagger';
import { HospitalResponse } from './hospital.response.js';

export class HospitalPageResponse {
  @ApiProperty({ type: [HospitalResponse] }) readonly items: readonly HospitalResponse[];
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
}
