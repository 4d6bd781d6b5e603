import { ApiProperty } from '@nestjs/swagger';
import { PatientResponse } from './patient.response.js';

class VersionActorResponse {
  @ApiProperty({ description: 'User id, or the name of a system process' }) readonly id: string;
  @ApiProperty({ example: 'user' }) readonly kind: string;
}

export class PatientVersionResponse {
  @ApiProperty() readonly version: number;
  @ApiProperty({
    example: 'patients.PatientUpdated.v1',
    description:
      'The event that made this version, in its current version: patients.PatientRegistered.v1, patients.PatientUpdated.v1, patients.PatientDeactivated.v1 or patients.PatientMerged.v2',
  })
  readonly type: string;
  @ApiProperty({ format: 'date-time' }) readonly occurredAt: Date;
  @ApiProperty({ type: VersionActorResponse }) readonly actor: VersionActorResponse;
  @ApiProperty({ type: PatientResponse, description: 'The record after this version, masked like the current one' })
  readonly patient: PatientResponse;
}

export class PatientHistoryResponse {
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ type: [PatientVersionResponse], description: 'Oldest first' })
  readonly versions: readonly PatientVersionResponse[];
  @ApiProperty({
    description: 'False while the audit store has not yet appended the latest change (moments after each commit)',
  })
  readonly complete: boolean;
}
