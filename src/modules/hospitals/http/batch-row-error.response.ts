import { ApiProperty } from '@nestjs/swagger';

export class BatchRowErrorResponse {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Data row, 1 being the first after the header; null for the whole batch',
  })
  readonly row: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'phone' }) readonly column: string | null;
  @ApiProperty() readonly message: string;
}
