import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';
import { MAX_MRN_LENGTH, MRN_PATTERN } from '../domain/mrn.js';
import { LANGUAGE_TAG } from '../domain/patient-details.js';
import { PATIENT_SEXES, type PatientSex } from '../domain/patient-sex.js';
import { AddressRequest } from './address.request.js';
import { EmergencyContactRequest } from './emergency-contact.request.js';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const NATIONAL_ID_PATTERN = /^[A-Za-z0-9 -]+$/;

/**
 * Shapes only; the rules (real dates, phone digits, check digit, hospital)
 * are the domain's and the handler's. status, mergedIntoId, id and version
 * are not the client's to set: unknown fields answer 400.
 */
export class RegisterPatientRequest {
  @ApiPropertyOptional({
    example: 'MRN0000000018',
    maxLength: MAX_MRN_LENGTH,
    description:
      'Medical record number, for imports: up to 6 capital letters, 4 to 20 digits, the last a Luhn check digit of the others ' +
      '(422 PATIENT.MRN_CHECK_DIGIT otherwise). Generated when left out: PATIENT_MRN_PREFIX, 9 digits, check digit.',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MRN_LENGTH)
  @Matches(MRN_PATTERN, { message: 'mrn must be up to 6 capital letters followed by 4 to 20 digits' })
  mrn?: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Marta' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleName?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Quintela' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  lastName: string;

  @ApiProperty({ format: 'date', example: '1984-02-29', description: 'A real date from 1900-01-01 to today' })
  @IsString()
  @Matches(DATE_PATTERN, { message: 'dateOfBirth must be a date written YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiProperty({ enum: PATIENT_SEXES })
  @IsIn(PATIENT_SEXES, { message: `sex must be one of ${PATIENT_SEXES.join(', ')}` })
  sex: PatientSex;

  @ApiPropertyOptional({
    maxLength: 40,
    nullable: true,
    type: String,
    example: '+351 21 555 0101',
    description: '7 to 15 digits with an optional leading +; spaces, dashes, dots and parentheses allowed',
  })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 254, nullable: true, type: String, example: 'marta.quintela@example.test' })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ type: AddressRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest | null;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String, description: 'Letters, digits, spaces and dashes' })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(NATIONAL_ID_PATTERN, { message: 'nationalId must hold only letters, digits, spaces and dashes' })
  nationalId?: string | null;

  @ApiPropertyOptional({ type: EmergencyContactRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactRequest)
  emergencyContact?: EmergencyContactRequest | null;

  @ApiPropertyOptional({ maxLength: 35, nullable: true, type: String, example: 'pt-PT', description: 'BCP 47 language tag' })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: 'preferredLanguage must be a BCP 47 language tag such as en or pt-BR' })
  preferredLanguage?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Where the patient is registered; your own hospital when left out. Another hospital only for holders of unscoped patients:read.',
  })
  @IsOptional()
  @IsUUID()
  registeringHospitalId?: string;
}
