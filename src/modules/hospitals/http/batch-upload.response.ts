import { ApiProperty } from '@nestjs/swagger';

export class BatchUploadResponse {
  @ApiProperty({ format: 'uuid' }) readonly batchId: string;
  @ApiProperty({ enum: ['IN_PROGRESS'] }) readonly status: 'IN_PROGRESS';
  @ApiProperty({ description: 'Data rows in the file' }) readonly totalHospitals: number;
  @ApiProperty({ example: 'Bulk processing started. Use batchId to track progress.' }) readonly message: string;
}
