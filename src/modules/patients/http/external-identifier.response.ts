import { ApiProperty } from '@nestjs/swagger';

/**
 * Another system's identifier of the patient, as a FHIR Identifier reads it:
 * `value` is Identifier.value, `assignerHospitalId` is Identifier.assigner
 * (Organization/{id}), and the identifier system is that hospital's MRN namespace
 * (type MR).
 */
export class ExternalIdentifierResponse {
  @ApiProperty({ format: 'uuid', description: 'The hospital that received the identifier from its sender: the assigner' })
  readonly assignerHospitalId: string;

  @ApiProperty({ example: 'MRN-1001', maxLength: 40, description: 'The sender’s MRN: letters, digits and hyphens' })
  readonly value: string;
}
