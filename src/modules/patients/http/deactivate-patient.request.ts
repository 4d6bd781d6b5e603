import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEACTIVATION_REASONS, type DeactivationReason } from '../domain/patient-status.js';

export class DeactivatePatientRequest {
  @ApiPropertyOptional({ enum: DEACTIVATION_REASONS, default: 'inactive', description: 'The status the patient takes' })
  @IsOptional()
  @IsIn(DEACTIVATION_REASONS, { message: `reason must be one of ${DEACTIVATION_REASONS.join(', ')}` })
  reason?: DeactivationReason;
}
