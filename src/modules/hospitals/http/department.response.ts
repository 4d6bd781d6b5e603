import { ApiProperty } from '@nestjs/swagger';

export class DepartmentResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly hospitalId: string;
  @ApiProperty({ example: 'Cardiology' }) readonly name: string;
  @ApiProperty({ example: 'CARD' }) readonly code: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiProperty() readonly version: number;
}
