import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';
import { ACCOUNT_NUMBER_FORMAT, ACCOUNT_NUMBER_PATTERN } from '../domain/account-number.js';
import { MAX_REASON_LENGTH } from '../domain/encounter-reason.js';
import { ENCOUNTER_CLASS_CODES, ENCOUNTER_CLASS_SYSTEM, type EncounterClass } from '../domain/encounter-class.js';
import { INITIAL_ENCOUNTER_STATUSES, type InitialEncounterStatus } from '../domain/encounter-status.js';

export const MAX_CARE_TEAM = 20;
export { MAX_REASON_LENGTH };

export const CLASS_DESCRIPTION = `FHIR Encounter.class, a code of ${ENCOUNTER_CLASS_SYSTEM}: AMB outpatient (ambulatory), IMP inpatient, EMER emergency, VR virtual`;
export const REASON_DESCRIPTION =
  'Encounter.reasonCode as text for now (1 to 2000 characters); clinical, so encrypted at rest, never in events or logs, ' +
  'and shown only under emr:read';

/** Shapes only; the rules (instants, practitioners, scope, account numbers taken) are the domain's and the handler's. */
export class CreateEncounterRequest {
  @ApiProperty({ enum: ENCOUNTER_CLASS_CODES, description: CLASS_DESCRIPTION })
  @IsIn(ENCOUNTER_CLASS_CODES, { message: `class must be one of ${ENCOUNTER_CLASS_CODES.join(', ')}` })
  class: EncounterClass;

  @ApiPropertyOptional({
    enum: INITIAL_ENCOUNTER_STATUSES,
    default: 'planned',
    description: 'planned (booked ahead), or in-progress for one already under way (periodStart, now by default)',
  })
  @IsOptional()
  @IsIn(INITIAL_ENCOUNTER_STATUSES, { message: `status must be one of ${INITIAL_ENCOUNTER_STATUSES.join(', ')}` })
  status?: InitialEncounterStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'serviceProvider: your own hospital when left out' })
  @IsOptional()
  @IsUUID()
  hospitalId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A department of that hospital: your own when left out' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A user whose profession is doctor (or physician), active, of the encounter’s hospital or of none',
  })
  @IsOptional()
  @IsUUID()
  attendingPractitionerId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_CARE_TEAM, description: 'Other users taking part' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CARE_TEAM)
  @IsUUID('all', { each: true })
  careTeamIds?: string[];

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, nullable: true, type: String, description: REASON_DESCRIPTION })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reasonText?: string | null;

  @ApiPropertyOptional({
    example: 'V0000000018',
    description:
      `Visit account number, unique per hospital (409 EMR.ACCOUNT_NUMBER_TAKEN): an external one, ${ACCOUNT_NUMBER_FORMAT}, ` +
      'kept as sent (letters of either case). Generated when left out: V, 9 digits, a Luhn check digit.',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Matches(ACCOUNT_NUMBER_PATTERN, { message: `accountNumber must be ${ACCOUNT_NUMBER_FORMAT}` })
  accountNumber?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Only with status in-progress: when it started (ISO 8601 with Z or an offset; not in the future)',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'periodStart must be an ISO 8601 timestamp with Z or an offset' })
  periodStart?: string;
}
