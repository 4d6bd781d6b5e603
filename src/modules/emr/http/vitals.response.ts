import { ApiProperty } from '@nestjs/swagger';
import {
  INTERPRETATION_SYSTEM,
  INTERPRETATIONS,
  type Interpretation,
  OBSERVATION_STATUSES,
  type ObservationStatus,
  VITAL_CODES,
  type VitalCode,
} from '../domain/vital-signs.js';

export class VitalObservationResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid', description: 'The set it was recorded in' }) readonly vitalSetId: string;
  @ApiProperty({ format: 'uuid' }) readonly encounterId: string;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ enum: ['vital-signs'], description: 'Observation.category' }) readonly category: 'vital-signs';
  @ApiProperty({ enum: VITAL_CODES, description: 'Observation.code, a LOINC code' }) readonly code: VitalCode;
  @ApiProperty({ example: 'Heart rate' }) readonly display: string;
  @ApiProperty({ example: 'http://loinc.org' }) readonly system: string;
  @ApiProperty({ example: 72 }) readonly value: number;
  @ApiProperty({ example: '/min', description: 'UCUM' }) readonly unit: string;
  @ApiProperty({ example: 'http://unitsofmeasure.org' }) readonly unitSystem: string;
  @ApiProperty({
    enum: INTERPRETATIONS,
    nullable: true,
    type: String,
    description: `Observation.interpretation (${INTERPRETATION_SYSTEM}) against the adult ranges: LL, L, N, H, HH; null for weight and height`,
  })
  readonly interpretation: Interpretation | null;
  @ApiProperty({ description: 'Computed by the server (BMI), not measured' }) readonly derived: boolean;
  @ApiProperty({ enum: OBSERVATION_STATUSES, description: 'Observation.status' }) readonly status: ObservationStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was marked entered-in-error (clinical free text)' })
  readonly statusReason: string | null;
  @ApiProperty({ format: 'date-time', description: 'When measured' }) readonly effectiveDateTime: Date;
  @ApiProperty({ description: 'Recorded on a finished encounter, with a reason' }) readonly lateEntry: boolean;
  @ApiProperty({ format: 'uuid', description: 'Observation.performer: who recorded it' }) readonly recordedBy: string;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
}

export class VitalSetResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly encounterId: string;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ format: 'date-time' }) readonly effectiveDateTime: Date;
  @ApiProperty() readonly lateEntry: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was recorded late (clinical free text)' })
  readonly lateEntryReason: string | null;
  @ApiProperty({ format: 'uuid' }) readonly recordedBy: string;
  @ApiProperty() readonly version: number;
  @ApiProperty({
    type: [VitalObservationResponse],
    description: 'As sent, and the computed BMI last when weight and height were',
  })
  readonly observations: VitalObservationResponse[];
}

export class VitalTrendPageResponse {
  @ApiProperty({ type: [VitalObservationResponse] }) readonly items: VitalObservationResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  readonly nextCursor: string | null;
}
