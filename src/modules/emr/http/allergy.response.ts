import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALLERGY_ASSERTIONS,
  ALLERGY_CATEGORIES,
  ALLERGY_CLINICAL_STATUSES,
  ALLERGY_CRITICALITIES,
  ALLERGY_TYPES,
  ALLERGY_VERIFICATION_STATUSES,
  type AllergyAssertion,
  type AllergyCategory,
  type AllergyClinicalStatus,
  type AllergyCriticality,
  type AllergyKind,
  type AllergyType,
  type AllergyVerificationStatus,
  REACTION_SEVERITIES,
  type ReactionSeverity,
} from '../domain/allergy-vocabulary.js';

export class AllergyCodeResponse {
  @ApiProperty({ example: 'http://snomed.info/sct' }) readonly system: string;
  @ApiProperty({ example: '716186003' }) readonly code: string;
  @ApiProperty({ example: 'No known allergy' }) readonly display: string;
}

export class AllergyReactionResponse {
  @ApiProperty() readonly manifestation: string;
  @ApiProperty({ enum: REACTION_SEVERITIES }) readonly severity: ReactionSeverity;
}

export class AllergyResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) readonly encounterId: string | null;
  @ApiProperty({ format: 'uuid', description: 'AllergyIntolerance.recorder' }) readonly recordedBy: string;
  @ApiProperty({ enum: ['substance', 'no-known-allergies'] }) readonly kind: AllergyKind;
  @ApiProperty({
    type: AllergyCodeResponse,
    nullable: true,
    description: 'AllergyIntolerance.code of the no-known-allergies assertion; null for a substance given as text',
  })
  readonly code: AllergyCodeResponse | null;
  @ApiProperty({ nullable: true, type: String, description: 'The substance as text (clinical)' }) readonly substance:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The drug catalogue’s code, once pharmacy links substances' })
  readonly substanceCode: string | null;
  @ApiProperty({ enum: ALLERGY_TYPES, nullable: true, type: String }) readonly type: AllergyType | null;
  @ApiProperty({ enum: ALLERGY_CATEGORIES, isArray: true }) readonly category: AllergyCategory[];
  @ApiProperty({ enum: ALLERGY_CRITICALITIES, nullable: true, type: String }) readonly criticality: AllergyCriticality | null;
  @ApiProperty({ type: [AllergyReactionResponse] }) readonly reactions: AllergyReactionResponse[];
  @ApiProperty({ enum: ALLERGY_CLINICAL_STATUSES, nullable: true, type: String, description: 'null when entered-in-error' })
  readonly clinicalStatus: AllergyClinicalStatus | null;
  @ApiProperty({ enum: ALLERGY_VERIFICATION_STATUSES }) readonly verificationStatus: AllergyVerificationStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readonly onsetDateTime: Date | null;
  @ApiProperty({ format: 'date-time' }) readonly recordedDate: Date;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Only with asOf: the text members (substance, reactions) left null or empty because a later version rewrote them and ' +
      'the audit store keeps no text (a null or empty member not listed here was empty then)',
  })
  readonly textsNotKept?: string[];
}

export class AllergyListResponse {
  @ApiProperty({
    enum: ALLERGY_ASSERTIONS,
    description:
      'What the records you may read say: has-allergies (an active one), no-known-allergies (the active assertion), ' +
      'none-active (records, none active), not-asked (nothing recorded: never to be read as none)',
  })
  readonly assertion: AllergyAssertion;
  @ApiProperty({ type: [AllergyResponse] }) readonly items: AllergyResponse[];
}
