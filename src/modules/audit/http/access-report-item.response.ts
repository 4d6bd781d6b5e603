import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@hms/ddd';
import { AccessedResourceResponse } from './accessed-resource.response.js';
import { AuditActorResponse } from './audit-actor.response.js';

export class AccessReportItemResponse {
  @ApiProperty() sequence: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: Date;
  @ApiProperty({ example: 'patients.PatientRecordAccessed.v1' }) type: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: string;
  @ApiProperty({ type: AuditActorResponse, description: 'Who' }) who: AuditActorResponse;
  @ApiProperty({ type: AccessedResourceResponse, description: 'What' }) what: AccessedResourceResponse;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why: the break-the-glass reason or refusal cause, else the purpose of use as its HL7 v3 code (e.g. TREAT)',
  })
  why: string | null;
  @ApiProperty({ description: 'A break-the-glass grant, or an access made under one' }) breakGlass: boolean;
  @ApiProperty() correlationId: string;
}
