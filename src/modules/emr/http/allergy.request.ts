import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';
import { trim } from '../../../infrastructure/http/trim.js';
import {
  ALLERGY_CATEGORIES,
  ALLERGY_CLINICAL_STATUSES,
  ALLERGY_CRITICALITIES,
  ALLERGY_TYPES,
  ALLERGY_VERIFICATION_STATUSES,
  type AllergyCategory,
  type AllergyClinicalStatus,
  type AllergyCriticality,
  type AllergyType,
  type AllergyVerificationStatus,
  REACTION_SEVERITIES,
  type ReactionSeverity,
} from '../domain/allergy-vocabulary.js';

export const MAX_SUBSTANCE_LENGTH = 200;
export const MAX_MANIFESTATION_LENGTH = 500;
export const MAX_REACTIONS = 10;
const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });
const CLINICAL_TEXT = 'clinical free text: encrypted at rest, never in events or logs';

export class AllergyReactionRequest {
  @ApiProperty({ maxLength: MAX_MANIFESTATION_LENGTH, description: `reaction.manifestation as text (${CLINICAL_TEXT})` })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_MANIFESTATION_LENGTH)
  manifestation: string;

  @ApiProperty({ enum: REACTION_SEVERITIES, description: 'reaction.severity' })
  @IsIn(REACTION_SEVERITIES, oneOf('severity', REACTION_SEVERITIES))
  severity: ReactionSeverity;
}

/** Shapes only; what goes with what (the assertion has no substance) and the instants are the handler's. */
export class RecordAllergyRequest {
  @ApiPropertyOptional({
    default: false,
    description:
      'true: the explicit assertion "no known allergies" (SNOMED CT 716186003), with no substance; 409 while active allergies are on record',
  })
  @IsOptional()
  @IsBoolean()
  noKnownAllergies?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'The encounter it was recorded in, of this patient (optional)' })
  @IsOptional()
  @IsUUID()
  encounterId?: string;

  @ApiPropertyOptional({
    maxLength: MAX_SUBSTANCE_LENGTH,
    description: `The substance (AllergyIntolerance.code as text for now; ${CLINICAL_TEXT}); required unless noKnownAllergies`,
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_SUBSTANCE_LENGTH)
  substance?: string;

  @ApiPropertyOptional({ enum: ALLERGY_TYPES })
  @IsOptional()
  @IsIn(ALLERGY_TYPES, oneOf('type', ALLERGY_TYPES))
  type?: AllergyType;

  @ApiPropertyOptional({ enum: ALLERGY_CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ALLERGY_CATEGORIES.length)
  @IsIn(ALLERGY_CATEGORIES, { each: true, ...oneOf('category', ALLERGY_CATEGORIES) })
  category?: AllergyCategory[];

  @ApiPropertyOptional({ enum: ALLERGY_CRITICALITIES })
  @IsOptional()
  @IsIn(ALLERGY_CRITICALITIES, oneOf('criticality', ALLERGY_CRITICALITIES))
  criticality?: AllergyCriticality;

  @ApiPropertyOptional({ type: [AllergyReactionRequest], maxItems: MAX_REACTIONS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REACTIONS)
  @ValidateNested({ each: true })
  @Type(() => AllergyReactionRequest)
  reactions?: AllergyReactionRequest[];

  @ApiPropertyOptional({ enum: ALLERGY_CLINICAL_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(ALLERGY_CLINICAL_STATUSES, oneOf('clinicalStatus', ALLERGY_CLINICAL_STATUSES))
  clinicalStatus?: AllergyClinicalStatus;

  @ApiPropertyOptional({
    enum: ALLERGY_VERIFICATION_STATUSES.filter((status) => status !== 'entered-in-error'),
    description: 'unconfirmed by default for a substance, confirmed for the no-known-allergies assertion',
  })
  @IsOptional()
  @IsIn(ALLERGY_VERIFICATION_STATUSES, oneOf('verificationStatus', ALLERGY_VERIFICATION_STATUSES))
  verificationStatus?: AllergyVerificationStatus;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'onsetDateTime: not in the future' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'onsetDateTime must be an ISO 8601 timestamp with Z or an offset' })
  onsetDateTime?: string;
}

/** Fields left out stay as they are; null clears type, criticality or onset. Each change is a new version. */
export class UpdateAllergyRequest {
  @ApiPropertyOptional({ maxLength: MAX_SUBSTANCE_LENGTH, description: `The substance (${CLINICAL_TEXT})` })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_SUBSTANCE_LENGTH)
  substance?: string;

  @ApiPropertyOptional({ enum: ALLERGY_TYPES, nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsIn(ALLERGY_TYPES, oneOf('type', ALLERGY_TYPES))
  type?: AllergyType | null;

  @ApiPropertyOptional({ enum: ALLERGY_CATEGORIES, isArray: true, description: 'Replaces the categories' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ALLERGY_CATEGORIES.length)
  @IsIn(ALLERGY_CATEGORIES, { each: true, ...oneOf('category', ALLERGY_CATEGORIES) })
  category?: AllergyCategory[];

  @ApiPropertyOptional({ enum: ALLERGY_CRITICALITIES, nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsIn(ALLERGY_CRITICALITIES, oneOf('criticality', ALLERGY_CRITICALITIES))
  criticality?: AllergyCriticality | null;

  @ApiPropertyOptional({ type: [AllergyReactionRequest], maxItems: MAX_REACTIONS, description: 'Replaces the reactions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REACTIONS)
  @ValidateNested({ each: true })
  @Type(() => AllergyReactionRequest)
  reactions?: AllergyReactionRequest[];

  @ApiPropertyOptional({ enum: ALLERGY_CLINICAL_STATUSES })
  @IsOptional()
  @IsIn(ALLERGY_CLINICAL_STATUSES, oneOf('clinicalStatus', ALLERGY_CLINICAL_STATUSES))
  clinicalStatus?: AllergyClinicalStatus;

  @ApiPropertyOptional({
    enum: ALLERGY_VERIFICATION_STATUSES,
    description: 'entered-in-error clears the clinical status and freezes the record (409 on any later change)',
  })
  @IsOptional()
  @IsIn(ALLERGY_VERIFICATION_STATUSES, oneOf('verificationStatus', ALLERGY_VERIFICATION_STATUSES))
  verificationStatus?: AllergyVerificationStatus;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null clears' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'onsetDateTime must be an ISO 8601 timestamp with Z or an offset' })
  onsetDateTime?: string | null;
}
