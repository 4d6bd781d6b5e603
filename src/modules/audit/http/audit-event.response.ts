import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@hms/ddd';
import { AuditActorResponse } from './audit-actor.response.js';

export class AuditEventResponse {
  @ApiProperty({ description: 'Position in the hash chain', example: 1042 }) sequence: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'auth.UserRolesAssigned.v1' }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: Date;
  @ApiProperty({ format: 'date-time' }) recordedAt: Date;
  @ApiProperty({ type: AuditActorResponse }) actor: AuditActorResponse;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: string;
  @ApiProperty({ example: 'User' }) resourceType: string;
  @ApiProperty({ description: 'The aggregate id; for a Session, the session reference (as actor.sessionRef), never its id' })
  resourceId: string;
  @ApiProperty({ description: '0 for facts that version nothing (sign-ins, reads)' }) aggregateVersion: number;
  @ApiProperty({ type: String, nullable: true }) patientId: string | null;
  @ApiProperty() correlationId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Break-the-glass reason or purpose of use, as recorded' }) reason:
    string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'TREAT',
    description:
      'The purpose of use the event declared, as its HL7 v3 PurposeOfUse code (older lower-case aliases mapped, ' +
      'e.g. treatment = TREAT); derived from change, so not covered by the hash',
  })
  purposeOfUse: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event payload as recorded' }) change: unknown;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'k1',
    description: 'Id of the audit key the hash is made with; null for entries recorded before key ids (made with key k0)',
  })
  keyId: string | null;
  @ApiProperty({ description: 'Hex HMAC-SHA256 of the previous entry' }) prevHash: string;
  @ApiProperty({ description: 'Hex HMAC-SHA256 of prevHash and this entry' }) hash: string;
}
