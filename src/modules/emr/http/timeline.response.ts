import { ApiProperty } from '@nestjs/swagger';
import { TIMELINE_KINDS, type TimelineKind } from '../domain/timeline-kind.js';

export class TimelineEntryResponse {
  @ApiProperty({ enum: TIMELINE_KINDS }) readonly kind: TimelineKind;
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'Where it sits on the timeline: an encounter’s start (or booking when planned), a note’s writing, a measurement’s time, a diagnosis’, problem’s or allergy’s recording',
  })
  readonly occurredAt: Date;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The encounter it hangs off (its own id for an encounter)',
  })
  readonly encounterId: string | null;
  @ApiProperty({ description: 'The record’s own FHIR status (Encounter.status, Composition.status, Observation.status, …)' })
  readonly status: string;
  @ApiProperty() readonly version: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Codes, ids, numbers and instants of the record, by kind. encounter: class, hospitalId, departmentId, accountNumber, ' +
      'periodStart, periodEnd, attendingPractitionerId. note: type, typeCode (LOINC), authorId, signedAt, lateEntry, ' +
      'amendsNoteId, originalNoteId. diagnosis: code, display, clinicalStatus, verificationStatus, primary, recorderId, ' +
      'lateEntry. problem: code, display, clinicalStatus, verificationStatus, onsetDate, abatementDate, recorderId. vitals: ' +
      'recordedBy, lateEntry, observations (id, code, value, unit, interpretation, status, derived). allergy: kind ' +
      '(substance or no-known-allergies), type, categories, criticality, reactionSeverities, clinicalStatus, verificationStatus, ' +
      'substanceCode, recordedBy, lastChangedAt (an allergy sits where it was recorded, as it stands now). Free texts ' +
      '(note texts, substances, reactions, reasons) are never here: read the record at href',
  })
  readonly summary: Record<string, unknown>;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '/api/v1/encounters/0b7c0d6e-8a53-4d1c-9d8e-2f8b7f0c1a11',
    description: 'The record’s own route; null for a set of vitals, whose entry carries every value',
  })
  readonly href: string | null;
}

export class TimelinePageResponse {
  @ApiProperty({ type: [TimelineEntryResponse] }) readonly items: TimelineEntryResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  readonly nextCursor: string | null;
}
