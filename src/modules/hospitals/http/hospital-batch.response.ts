import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_BATCH_STATUSES, type ImportBatchStatus } from '../domain/import-batch-status.js';
import { BatchRowErrorResponse } from './batch-row-error.response.js';
import { HospitalResponse } from './hospital.response.js';

export class HospitalBatchResponse {
  @ApiProperty({ format: 'uuid' }) readonly batchId: string;
  @ApiProperty({ enum: IMPORT_BATCH_STATUSES }) readonly status: ImportBatchStatus;
  @ApiProperty({ description: 'Data rows in the file' }) readonly totalHospitals: number;
  @ApiProperty({ description: 'Rows stored as hospitals so far' }) readonly processedHospitals: number;
  @ApiProperty({ description: 'Rows that could not be stored' }) readonly failedHospitals: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Set when the batch is finished' })
  readonly processingTimeSeconds: number | null;
  @ApiProperty() readonly batchActivated: boolean;
  @ApiProperty({ type: [BatchRowErrorResponse], description: 'Row errors (the first 1000)' })
  readonly errors: readonly BatchRowErrorResponse[];
  @ApiProperty({
    type: [HospitalResponse],
    description: 'The hospitals created, in file order (the first 1000; page through more with GET /hospitals?batchId=)',
  })
  readonly hospitals: readonly HospitalResponse[];
}
