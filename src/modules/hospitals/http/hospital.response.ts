import { ApiProperty } from '@nestjs/swagger';

export class HospitalResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ example: 'Riverside General Hospital' }) readonly name: string;
  @ApiProperty({ example: '12 Harbour Road, Port Example' }) readonly address: string;
  @ApiProperty({ nullable: true, type: String, example: '+1 555 010 4477' }) readonly phone: string | null;
  @ApiProperty() readonly isActive: boolean;
  @ApiProperty({ example: 'Europe/Lisbon' }) readonly timeZone: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The import batch it came from' })
  readonly batchId: string | null;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiProperty() readonly version: number;
}
