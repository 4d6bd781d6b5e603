import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CLINICAL_STATUSES,
  CONDITION_CATEGORIES,
  type ClinicalStatus,
  type ConditionCategory,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from '../domain/condition-vocabulary.js';
import { CLINICAL_STATUS_DESCRIPTION, NOTE_DESCRIPTION, VERIFICATION_STATUS_DESCRIPTION } from './condition.request.js';

/** A diagnosis or a problem-list entry: one FHIR Condition, its category telling which. */
export class ConditionResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({
    enum: CONDITION_CATEGORIES,
    description: 'Condition.category: encounter-diagnosis (a diagnosis) or problem-list-item (a problem-list entry)',
  })
  readonly category: ConditionCategory;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Condition.encounter: the diagnosis’s encounter, or the one a problem was recorded from',
  })
  readonly encounterId: string | null;
  @ApiProperty({ format: 'uuid' }) readonly hospitalId: string;
  @ApiProperty({ format: 'uuid' }) readonly departmentId: string;
  @ApiProperty({ example: 'I21.4', description: 'ICD-10 code, normalised' }) readonly code: string;
  @ApiProperty({ example: 'Acute subendocardial myocardial infarction' }) readonly display: string;
  @ApiProperty({ enum: CLINICAL_STATUSES, description: CLINICAL_STATUS_DESCRIPTION }) readonly clinicalStatus: ClinicalStatus;
  @ApiProperty({ enum: VERIFICATION_STATUSES, description: VERIFICATION_STATUS_DESCRIPTION })
  readonly verificationStatus: VerificationStatus;
  @ApiProperty({ description: 'The encounter’s primary diagnosis (rank 1); always false on problem-list entries' })
  readonly primary: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Condition.onset (problems)' })
  readonly onsetDate: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Condition.abatement (problems)' })
  readonly abatementDate: string | null;
  @ApiProperty({ format: 'uuid', description: 'Condition.recorder: who recorded it' }) readonly recorderId: string;
  @ApiProperty({ format: 'date-time', description: 'Condition.recordedDate; its place on the patient’s timeline' })
  readonly recordedAt: Date;
  @ApiProperty({ nullable: true, type: String, description: NOTE_DESCRIPTION }) readonly note: string | null;
  @ApiProperty({ description: 'Recorded on a finished encounter, as a late entry' }) readonly lateEntry: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was recorded late (clinical free text)' })
  readonly lateEntryReason: string | null;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Only with asOf: the text members (note, lateEntryReason) answered null because a later version rewrote them and the audit store keeps no text ' +
      '(a null not listed here was empty then)',
  })
  readonly textsNotKept?: string[];
}

export class ConditionPageResponse {
  @ApiProperty({ type: [ConditionResponse] }) readonly items: ConditionResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  readonly nextCursor: string | null;
}

export class DiagnosisCodeResponse {
  @ApiProperty({ example: 'I21.4' }) readonly code: string;
  @ApiProperty({ example: 'Acute subendocardial myocardial infarction' }) readonly display: string;
}

export class DiagnosisCodeMatchesResponse {
  @ApiProperty({ description: 'False while no catalogue is loaded: codes are then checked by form only, and nothing is found' })
  readonly catalogueLoaded: boolean;
  @ApiProperty({ type: [DiagnosisCodeResponse], description: 'Codes starting with q first, then display texts containing it' })
  readonly items: DiagnosisCodeResponse[];
}
