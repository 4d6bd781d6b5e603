import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { trim } from '../../../infrastructure/http/trim.js';
import { MAX_EXTERNAL_IDENTIFIER_LENGTH } from '../domain/external-identifier.js';
import { MAX_MRN_LENGTH } from '../domain/mrn.js';
import { PATIENT_STATUSES, type PatientStatus } from '../domain/patient-status.js';
import { INCLUDE_DESCRIPTION, PATIENT_INCLUDES } from './include.request.js';
import { DATE_PATTERN } from './register-patient.request.js';

export const MAX_PATIENT_PAGE_SIZE = 100;
/** The mrn filter matches HMS's MRNs and external identifiers: the longer of the two. */
const MAX_SEARCHED_MRN_LENGTH = Math.max(MAX_MRN_LENGTH, MAX_EXTERNAL_IDENTIFIER_LENGTH);

/**
 * Filters combine with AND. Personal ones match exactly after normalisation
 * (case, accents, spacing and punctuation of names; digits of phones; case
 * of emails; separators of national ids): they are looked up through blind
 * indexes, so partial matches are impossible by design.
 */
export class FindPatientsRequest extends PageRequest {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PATIENT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PATIENT_PAGE_SIZE)
  override pageSize: number = 50;

  @ApiPropertyOptional({
    maxLength: MAX_SEARCHED_MRN_LENGTH,
    example: 'MRN-1001',
    description:
      'Exact match (case counts) on either HMS’s own MRN or the value of any external identifier (another system’s MRN, ' +
      'under any assigning hospital)',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_SEARCHED_MRN_LENGTH)
  mrn?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Only together with lastName' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ format: 'date', example: '1984-02-29' })
  @IsOptional()
  @IsString()
  @Matches(DATE_PATTERN, { message: 'dateOfBirth must be a date written YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'Only the digits count' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'Case does not matter' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 254)
  email?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'Spaces, dashes and case do not matter' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 40)
  nationalId?: string;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES, { message: `status must be one of ${PATIENT_STATUSES.join(', ')}` })
  status?: PatientStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  registeringHospitalId?: string;

  @ApiPropertyOptional({ enum: PATIENT_INCLUDES, description: INCLUDE_DESCRIPTION })
  @IsOptional()
  @IsIn(PATIENT_INCLUDES)
  include?: (typeof PATIENT_INCLUDES)[number];
}
