import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { RECORD_OUTCOME_FILTERS, type RecordOutcomeFilter } from '../domain/intake-batch-status.js';

/** Where a feed goes: query parameters of both intake routes. */
export class IntakeDestinationRequest {
  @ApiProperty({ format: 'uuid', description: 'The receiving hospital: it assigns the feed’s MRNs (external identifiers)' })
  @IsUUID()
  hospitalId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The department the visits are filed under; yours when left out and you work at the receiving hospital',
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class ListIntakeBatchesRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this hospital’s batches' })
  @IsOptional()
  @IsUUID()
  hospitalId?: string;
}

export class ListIntakeRecordsRequest extends PageRequest {
  @ApiPropertyOptional({
    enum: RECORD_OUTCOME_FILTERS,
    description: 'created, updated, unchanged (the patient), added, duplicate (the visit), or error (refused records)',
  })
  @IsOptional()
  @IsIn(RECORD_OUTCOME_FILTERS)
  outcome?: RecordOutcomeFilter;
}

export class ExportIntakeRecordsRequest {
  @ApiPropertyOptional({ enum: RECORD_OUTCOME_FILTERS, description: 'Only records of this outcome' })
  @IsOptional()
  @IsIn(RECORD_OUTCOME_FILTERS)
  outcome?: RecordOutcomeFilter;
}
