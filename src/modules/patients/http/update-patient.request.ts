import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';
import { LANGUAGE_TAG } from '../domain/patient-details.js';
import { PATIENT_SEXES, type PatientSex } from '../domain/patient-sex.js';
import { AddressRequest } from './address.request.js';
import { EmergencyContactRequest } from './emergency-contact.request.js';
import { DATE_PATTERN, NATIONAL_ID_PATTERN } from './register-patient.request.js';

/** A present, non-null value: names, birth date and sex change but never disappear. */
const given = (_object: object, value: unknown) => value !== undefined;

/**
 * Fields left out stay as they are; null clears an optional one. Address
 * and emergency contact are replaced whole. mrn, status, mergedIntoId and
 * registeringHospitalId cannot be changed here (400 as unknown fields).
 */
export class UpdatePatientRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @ValidateIf(given)
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleName?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @ValidateIf(given)
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ format: 'date', example: '1984-02-29' })
  @ValidateIf(given)
  @IsString()
  @Matches(DATE_PATTERN, { message: 'dateOfBirth must be a date written YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: PATIENT_SEXES })
  @ValidateIf(given)
  @IsIn(PATIENT_SEXES, { message: `sex must be one of ${PATIENT_SEXES.join(', ')}` })
  sex?: PatientSex;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 254, nullable: true, type: String })
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

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String })
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

  @ApiPropertyOptional({ maxLength: 35, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: 'preferredLanguage must be a BCP 47 language tag such as en or pt-BR' })
  preferredLanguage?: string | null;
}
