import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, AUDIT_OUTCOMES, type AuditOutcome } from '@hms/ddd';
import { SESSION_REFERENCE } from '../domain/audit-keyring.js';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** A namespaced type (`auth.LoginFailed.v1`) or the class name entries were stored under before (`LoginFailed`). */
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,99}(\.[A-Za-z][A-Za-z0-9_-]{0,99}){0,2}$/;
/** The request ids ADR 4 accepts, so any correlation id the API handed out can be searched for. */
const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

/** Filters shared by the listing and the export; all optional, all given ones must match. */
export class AuditEventFilterRequest {
  @ApiPropertyOptional({ description: 'The acting user id (or a system actor name)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ description: 'Aggregate type, e.g. User, Patient, EmergencyAccessGrant', example: 'User' })
  @IsOptional()
  @Matches(NAME, { message: 'resourceType must be a type name' })
  resourceType?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  resourceId?: string;

  @ApiPropertyOptional({
    description: 'Event type, `<context>.<EventName>.v<version>`; a legacy class name (`LoginFailed`) matches the same events',
    example: 'auth.LoginFailed.v1',
  })
  @IsOptional()
  @Matches(EVENT_TYPE, { message: 'type must be an event type name' })
  type?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ description: 'The X-Request-ID of the request that caused the events' })
  @IsOptional()
  @Matches(CORRELATION_ID, { message: 'correlationId must be a request id' })
  correlationId?: string;

  @ApiPropertyOptional({
    description:
      'Every action of one session, by the reference entries show as actor.sessionRef (entries recorded before key ' +
      'ids, which show a reference computed on reading, are not found by it)',
    example: 'r6V0m1yQwJd2b8kXzT3cAg',
    pattern: SESSION_REFERENCE.source,
  })
  @IsOptional()
  @Matches(SESSION_REFERENCE, { message: 'sessionRef must be a session reference (22 base64url characters)' })
  sessionRef?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred before (ISO 8601); not before from' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
