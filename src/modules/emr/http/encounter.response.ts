import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENCOUNTER_CLASS_CODES, type EncounterClass } from '../domain/encounter-class.js';
import { ENCOUNTER_STATUSES, type EncounterStatus } from '../domain/encounter-status.js';
import { CLASS_DESCRIPTION } from './create-encounter.request.js';

const CLINICAL = 'Clinical content: present only when view is clinical (your emr:read covers the encounter)';

export class EncounterResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ format: 'uuid', description: 'serviceProvider' }) readonly hospitalId: string;
  @ApiProperty({ format: 'uuid' }) readonly departmentId: string;
  @ApiProperty({ enum: ENCOUNTER_CLASS_CODES, description: CLASS_DESCRIPTION }) readonly class: EncounterClass;
  @ApiProperty({ enum: ENCOUNTER_STATUSES, description: 'FHIR Encounter.status' }) readonly status: EncounterStatus;
  @ApiProperty({ example: 'V0000000018' }) readonly accountNumber: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Encounter.period.start, set on start' })
  readonly periodStart: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Encounter.period.end, set on finish' })
  readonly periodEnd: Date | null;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiProperty({
    enum: ['administrative', 'clinical'],
    description: 'administrative (encounters:read alone): the clinical members are left out; clinical: they are present',
  })
  readonly view: 'administrative' | 'clinical';
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: CLINICAL })
  readonly attendingPractitionerId?: string | null;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: CLINICAL }) readonly careTeamIds?: readonly string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: CLINICAL }) readonly reasonText?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: `${CLINICAL}. Why it was cancelled or marked entered-in-error`,
  })
  readonly statusReason?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Only with asOf: the text members (reasonText, statusReason) answered null because a later version rewrote them and the audit store keeps no text ' +
      '(a null not listed here was empty then)',
  })
  readonly textsNotKept?: string[];
}

export class EncounterPageResponse {
  @ApiProperty({ type: [EncounterResponse] }) readonly items: EncounterResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  readonly nextCursor: string | null;
}
