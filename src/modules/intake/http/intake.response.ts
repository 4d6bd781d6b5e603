import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INTAKE_BATCH_STATUSES, type IntakeBatchStatus } from '../domain/intake-batch-status.js';

export class IntakeCountersResponse {
  @ApiProperty({ description: 'Records in the feed' }) readonly records: number;
  @ApiProperty() readonly patientsCreated: number;
  @ApiProperty() readonly patientsUpdated: number;
  @ApiProperty({ description: 'Patients found with nothing to change' }) readonly patientsUnchanged: number;
  @ApiProperty() readonly visitsAdded: number;
  @ApiProperty({ description: 'Visits already recorded for the same patient, date and reason: skipped, not errors' })
  readonly duplicatesSkipped: number;
  @ApiProperty({ description: 'Records refused, each with its field errors (GET .../records?outcome=error)' })
  readonly errors: number;
}

export class IntakeBatchResponse {
  @ApiProperty({ format: 'uuid' }) readonly batchId: string;
  @ApiProperty({ format: 'uuid' }) readonly hospitalId: string;
  @ApiProperty({ format: 'uuid', description: 'The department the visits are filed under' }) readonly departmentId: string;
  @ApiProperty({ enum: ['json', 'csv'] }) readonly source: 'json' | 'csv';
  @ApiProperty({ enum: INTAKE_BATCH_STATUSES }) readonly status: IntakeBatchStatus;
  @ApiProperty({ example: 'patient_intake_20261207T141503Z_0193b1c2-aaaa-7bbb-8ccc-123456789abc.csv' })
  readonly fileName: string;
  @ApiProperty() readonly fileBytes: number;
  @ApiProperty({ description: 'SHA-256 of the stored file, hex' }) readonly fileSha256: string;
  @ApiProperty() readonly recordsReceived: number;
  @ApiProperty({ type: IntakeCountersResponse }) readonly counters: IntakeCountersResponse;
  @ApiProperty({ description: 'Share of the records done, 0 to 1' }) readonly progress: number;
  @ApiProperty({ format: 'date-time' }) readonly receivedAt: Date;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) readonly startedAt: Date | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) readonly finishedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'From the start of processing to its end, or to now' })
  readonly processingSeconds: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) readonly recordsPerSecond: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why a failed batch stopped' }) readonly failure:
    string | null;
}

export class IntakeAcceptedResponse extends IntakeBatchResponse {
  @ApiProperty({
    example: '/api/v1/ingest/batches/0193b1c2-aaaa-7bbb-8ccc-123456789abc',
    description: 'Also the Location header',
  })
  readonly statusUrl: string;
}

export class IntakeBatchPageResponse {
  @ApiProperty({ type: [IntakeBatchResponse] }) readonly items: readonly IntakeBatchResponse[];
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
}

export class IntakeRecordErrorResponse {
  @ApiProperty({ description: 'An intake field, or `record` for the row as a whole' }) readonly field: string;
  @ApiProperty({ description: 'What is wrong; never the value itself' }) readonly message: string;
}

export class IntakeRecordResponse {
  @ApiProperty({ description: 'The record’s place in the feed, from 1 (the CSV header not counted)' }) readonly position: number;
  @ApiProperty({ enum: ['applied', 'error'] }) readonly outcome: 'applied' | 'error';
  @ApiPropertyOptional({ enum: ['created', 'updated', 'unchanged'], nullable: true }) readonly patient: string | null;
  @ApiPropertyOptional({ enum: ['added', 'duplicate'], nullable: true }) readonly visit: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) readonly patientId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) readonly encounterId: string | null;
  @ApiProperty({ type: [IntakeRecordErrorResponse] }) readonly errors: readonly IntakeRecordErrorResponse[];
}

export class IntakeRecordPageResponse {
  @ApiProperty({ type: [IntakeRecordResponse] }) readonly items: readonly IntakeRecordResponse[];
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
}
