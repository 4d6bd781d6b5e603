import { ApiProperty } from '@nestjs/swagger';

export class CsvValidationResponse {
  @ApiProperty({ example: 'CSV is valid' }) readonly message: string;
  @ApiProperty() readonly totalRows: number;
}
