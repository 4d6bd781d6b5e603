import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENCOUNTER_CLASSES, ENCOUNTER_STATUSES } from '../../emr/index.js';

/** An encounter as embedded in a patient read (?include=encounters); the EMR's GET /encounters/{id} has the rest. */
export class EncounterSummaryResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ example: 'VISIT-77' }) readonly accountNumber: string;
  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: 'In the hospital’s calendar; null until it starts',
  })
  readonly visitDate: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Only under emr:read' }) readonly reason: string | null;
  @ApiProperty({ enum: ENCOUNTER_STATUSES }) readonly status: string;
  @ApiProperty({ enum: Object.keys(ENCOUNTER_CLASSES) }) readonly class: string;
}
