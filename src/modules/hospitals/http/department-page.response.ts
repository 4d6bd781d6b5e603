import { ApiProperty } from '@nestjs/swagger';
import { DepartmentResponse } from './department.response.js';

export class DepartmentPageResponse {
  @ApiProperty({ type: [DepartmentResponse] }) readonly items: readonly DepartmentResponse[];
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
}
