import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { trimToNull } from '../../../infrastructure/http/trim.js';
import { ENCOUNTER_CLASS_CODES, type EncounterClass } from '../domain/encounter-class.js';
import { CLASS_DESCRIPTION, MAX_CARE_TEAM, MAX_REASON_LENGTH, REASON_DESCRIPTION } from './create-encounter.request.js';

/**
 * Fields left out stay as they are; null clears the attending practitioner
 * or the reason. Status, period, patient, hospital, department and account
 * number are not changed here (400 as unknown fields).
 */
export class UpdateEncounterRequest {
  @ApiPropertyOptional({ enum: ENCOUNTER_CLASS_CODES, description: CLASS_DESCRIPTION })
  @IsOptional()
  @IsIn(ENCOUNTER_CLASS_CODES, { message: `class must be one of ${ENCOUNTER_CLASS_CODES.join(', ')}` })
  class?: EncounterClass;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A doctor; null clears' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUUID()
  attendingPractitionerId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_CARE_TEAM, description: 'Replaces the care team' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CARE_TEAM)
  @IsUUID('all', { each: true })
  careTeamIds?: string[];

  @ApiPropertyOptional({
    maxLength: MAX_REASON_LENGTH,
    nullable: true,
    type: String,
    description: `${REASON_DESCRIPTION}; null clears`,
  })
  @Transform(trimToNull)
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reasonText?: string | null;
}
