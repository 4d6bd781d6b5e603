import { EncounterSummaryResponse } from './encounter-summary.response.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_SEXES, type PatientSex } from '../domain/patient-sex.js';
import { PATIENT_STATUSES, type PatientStatus } from '../domain/patient-status.js';
import { AddressResponse } from './address.response.js';
import { EmergencyContactResponse } from './emergency-contact.response.js';
import { ExternalIdentifierResponse } from './external-identifier.response.js';

const MASKED =
  'Masked unless you hold patients:read-sensitive: the last 4 characters stay (*******0101); address lines and the ' +
  'emergency contact’s name and relationship read ********, the country stays.';

export class PatientResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ example: 'MRN0000000018' }) readonly mrn: string;
  @ApiProperty({
    type: [ExternalIdentifierResponse],
    description:
      'Other systems’ MRNs for this patient, oldest first: never masked, like mrn. Not versioned: a past version (history, ' +
      'asOf) lists the record’s identifiers as they are now. A merge moves the duplicate’s identifiers to the surviving record.',
  })
  readonly externalIdentifiers: readonly ExternalIdentifierResponse[];
  @ApiProperty({ example: 'Marta' }) readonly firstName: string;
  @ApiProperty({ nullable: true, type: String }) readonly middleName: string | null;
  @ApiProperty({ example: 'Quintela' }) readonly lastName: string;
  @ApiProperty({ format: 'date', example: '1984-02-29' }) readonly dateOfBirth: string;
  @ApiProperty({ enum: PATIENT_SEXES }) readonly sex: PatientSex;
  @ApiProperty({ nullable: true, type: String, description: MASKED }) readonly phone: string | null;
  @ApiProperty({ nullable: true, type: String, description: MASKED }) readonly email: string | null;
  @ApiProperty({ nullable: true, type: AddressResponse, description: MASKED }) readonly address: AddressResponse | null;
  @ApiProperty({ nullable: true, type: String, description: MASKED }) readonly nationalId: string | null;
  @ApiProperty({ nullable: true, type: EmergencyContactResponse, description: MASKED })
  readonly emergencyContact: EmergencyContactResponse | null;
  @ApiProperty({ nullable: true, type: String, example: 'pt-PT' }) readonly preferredLanguage: string | null;
  @ApiProperty({ format: 'uuid' }) readonly registeringHospitalId: string;
  @ApiProperty({ enum: PATIENT_STATUSES }) readonly status: PatientStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Set when status is merged: the surviving record' })
  readonly mergedIntoId: string | null;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiPropertyOptional({ type: [EncounterSummaryResponse], description: 'Only with ?include=encounters' })
  readonly encounters?: readonly EncounterSummaryResponse[];
}
