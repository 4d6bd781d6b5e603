import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';
import {
  CLINICAL_STATUSES,
  type ClinicalStatus,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from '../domain/condition-vocabulary.js';
import { ICD10_CODE_MESSAGE, ICD10_CODE_PATTERN, MAX_DISPLAY_LENGTH, normaliseIcd10Code } from '../domain/icd10-code.js';
import { MAX_REASON_LENGTH } from './create-encounter.request.js';

export const MAX_NOTE_LENGTH = 4000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/** Upper case, and the dot put in (I214 → I21.4); anything else is left for the pattern to refuse. */
const toIcd10 = ({ value }: { value: unknown }) => (typeof value === 'string' ? (normaliseIcd10Code(value) ?? value) : value);

export const CODE_DESCRIPTION =
  'ICD-10 code (Condition.code, system http://hl7.org/fhir/sid/icd-10): a letter, a digit, a digit or (ICD-10-CM: C4A, ' +
  'D3A, M1A, O9A, Z3A) a letter, then optionally a dot and up to four letters or digits; case and a missing dot are ' +
  'normalised (i214 → I21.4). While a catalogue is loaded it must be ' +
  'in it (422 EMR.UNKNOWN_DIAGNOSIS_CODE)';
export const DISPLAY_DESCRIPTION =
  'The code’s display text: required while no catalogue is loaded; with one, the catalogue’s display is stored instead';
export const CLINICAL_STATUS_DESCRIPTION = `FHIR Condition.clinicalStatus: ${CLINICAL_STATUSES.join(', ')}`;
export const VERIFICATION_STATUS_DESCRIPTION =
  `FHIR Condition.verificationStatus: ${VERIFICATION_STATUSES.join(', ')} (provisional and differential are kinds of ` +
  'unconfirmed); entered-in-error withdraws a wrong record, which stays';
export const NOTE_DESCRIPTION =
  'Condition.note, clinical free text (1 to 4000 characters): encrypted at rest, shown only under emr:read, never in events or logs';

class ConditionRequest {
  @ApiProperty({ example: 'I21.4', description: CODE_DESCRIPTION })
  @Transform(toIcd10)
  @IsString()
  @Matches(ICD10_CODE_PATTERN, { message: `code ${ICD10_CODE_MESSAGE}` })
  code: string;

  @ApiPropertyOptional({
    maxLength: MAX_DISPLAY_LENGTH,
    example: 'Acute subendocardial myocardial infarction',
    description: DISPLAY_DESCRIPTION,
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_DISPLAY_LENGTH)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'display must not hold control characters or line breaks' })
  display?: string;

  @ApiPropertyOptional({ enum: CLINICAL_STATUSES, default: 'active', description: CLINICAL_STATUS_DESCRIPTION })
  @IsOptional()
  @IsIn(CLINICAL_STATUSES, { message: `clinicalStatus must be one of ${CLINICAL_STATUSES.join(', ')}` })
  clinicalStatus?: ClinicalStatus;

  @ApiProperty({ enum: VERIFICATION_STATUSES, description: VERIFICATION_STATUS_DESCRIPTION })
  @IsIn(VERIFICATION_STATUSES, { message: `verificationStatus must be one of ${VERIFICATION_STATUSES.join(', ')}` })
  verificationStatus: VerificationStatus;

  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, description: NOTE_DESCRIPTION })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  note?: string;
}

/** A diagnosis on an encounter. */
export class RecordDiagnosisRequest extends ConditionRequest {
  @ApiPropertyOptional({
    default: false,
    description:
      'The encounter’s primary diagnosis (Encounter.diagnosis.rank 1): one per encounter (409 EMR.PRIMARY_DIAGNOSIS_TAKEN)',
  })
  @IsOptional()
  @IsBoolean()
  primary?: boolean;

  @ApiPropertyOptional({
    maxLength: MAX_REASON_LENGTH,
    description:
      'Only on a finished encounter (409 EMR.ENCOUNTER_LOCKED without it, EMR.NOT_A_LATE_ENTRY with it on an open one): why ' +
      'the diagnosis is recorded late. Clinical free text, encrypted at rest',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  lateEntryReason?: string;
}

const onsetDescription = (what: string) =>
  `${what}, a calendar date YYYY-MM-DD, not later than today anywhere on Earth (400 otherwise)`;

/** An entry on the patient's problem list. */
export class RecordProblemRequest extends ConditionRequest {
  @ApiPropertyOptional({ format: 'date', example: '2019-03-01', description: onsetDescription('Condition.onset') })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'onsetDate must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'onsetDate must be a real date' })
  onsetDate?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: `${onsetDescription('Condition.abatement')}; not before the onset, and only with clinicalStatus inactive, remission or resolved`,
  })
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'abatementDate must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'abatementDate must be a real date' })
  abatementDate?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The encounter it was recorded from: the patient’s, within your emr:write scope (404 otherwise, audited)',
  })
  @IsOptional()
  @IsUUID()
  encounterId?: string;
}

/** Fields left out stay as they are; null clears the note (and a problem's dates). */
class UpdateConditionRequest {
  @ApiPropertyOptional({ enum: CLINICAL_STATUSES, description: CLINICAL_STATUS_DESCRIPTION })
  @IsOptional()
  @IsIn(CLINICAL_STATUSES, { message: `clinicalStatus must be one of ${CLINICAL_STATUSES.join(', ')}` })
  clinicalStatus?: ClinicalStatus;

  @ApiPropertyOptional({ enum: VERIFICATION_STATUSES, description: VERIFICATION_STATUS_DESCRIPTION })
  @IsOptional()
  @IsIn(VERIFICATION_STATUSES, { message: `verificationStatus must be one of ${VERIFICATION_STATUSES.join(', ')}` })
  verificationStatus?: VerificationStatus;

  @ApiPropertyOptional({
    maxLength: MAX_NOTE_LENGTH,
    nullable: true,
    type: String,
    description: `${NOTE_DESCRIPTION}; null clears`,
  })
  @Transform(trimToNull)
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @Length(1, MAX_NOTE_LENGTH)
  note?: string | null;
}

export class UpdateDiagnosisRequest extends UpdateConditionRequest {
  @ApiPropertyOptional({
    description:
      'Make it the encounter’s primary diagnosis (409 when another is) or a secondary one; a refuted diagnosis or one entered ' +
      'in error is never primary',
  })
  @IsOptional()
  @IsBoolean()
  primary?: boolean;
}

export class UpdateProblemRequest extends UpdateConditionRequest {
  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: `${onsetDescription('Condition.onset')}; null clears`,
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'onsetDate must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'onsetDate must be a real date' })
  onsetDate?: string | null;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    description: `${onsetDescription('Condition.abatement')}; only with clinicalStatus inactive, remission or resolved; null clears`,
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'abatementDate must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'abatementDate must be a real date' })
  abatementDate?: string | null;
}
