import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AsOfRequest } from '../../../infrastructure/http/as-of.js';

/** What a patient read may embed: only `encounters` so far (the intake seed's "visits"). */
export const PATIENT_INCLUDES = ['encounters'] as const;

export const INCLUDE_DESCRIPTION =
  'encounters: embed each patient’s encounters (id, visit account number, visit date, reason, status, class), newest first, ' +
  'at most 50 each, those within your encounters:read scope; the reason only under emr:read. Audited as encounter reads.';

/** `?include=`, on the reads of one patient and of a page. */
export class PatientIncludeRequest {
  @ApiPropertyOptional({ enum: PATIENT_INCLUDES, description: INCLUDE_DESCRIPTION })
  @IsOptional()
  @IsIn(PATIENT_INCLUDES)
  include?: (typeof PATIENT_INCLUDES)[number];
}

/** GET /patients/{id}'s query: asOf or include (the encounters are today's, so not both). */
export class GetPatientRequest extends AsOfRequest {
  @ApiPropertyOptional({ enum: PATIENT_INCLUDES, description: `${INCLUDE_DESCRIPTION} Not with asOf.` })
  @IsOptional()
  @IsIn(PATIENT_INCLUDES)
  include?: (typeof PATIENT_INCLUDES)[number];
}
