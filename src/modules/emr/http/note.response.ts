import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTE_STATUSES, type NoteStatus } from '../domain/note-status.js';
import { NOTE_TYPE_CODES, NOTE_TYPE_NAMES, type NoteType, type NoteTypeCode } from '../domain/note-type.js';
import { NOTE_TYPE_DESCRIPTION } from './note.request.js';

export class NoteResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly encounterId: string;
  @ApiProperty({ format: 'uuid' }) readonly patientId: string;
  @ApiProperty({ format: 'uuid', description: 'The encounter’s, when the note was written' }) readonly hospitalId: string;
  @ApiProperty({ format: 'uuid', description: 'The encounter’s, when the note was written' }) readonly departmentId: string;
  @ApiProperty({ enum: NOTE_TYPE_NAMES, description: NOTE_TYPE_DESCRIPTION }) readonly type: NoteType;
  @ApiProperty({ enum: NOTE_TYPE_CODES, description: 'Composition.type: the LOINC document code of type (http://loinc.org)' })
  readonly typeCode: NoteTypeCode;
  @ApiProperty({
    enum: NOTE_STATUSES,
    description:
      'FHIR Composition.status: preliminary (a draft), final (signed), amended (superseded by the amendment amendedByNoteId)',
  })
  readonly status: NoteStatus;
  @ApiProperty({ format: 'uuid', description: 'Who wrote this version (and signed it, once signed)' }) readonly authorId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The note (null only in an asOf answer that lists it in textsNotKept)',
  })
  readonly text: string | null;
  @ApiProperty({ description: 'Written after its encounter finished' }) readonly lateEntry: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was written late' }) readonly lateEntryReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was signed' })
  readonly signedAt: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The version this amendment corrects' })
  readonly amendsNoteId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why this amendment was made' }) readonly amendmentReason:
    string | null;
  @ApiProperty({ format: 'uuid', description: 'The first version of the note (its own id for a first version)' })
  readonly originalNoteId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The amendment that superseded this version' })
  readonly amendedByNoteId: string | null;
  @ApiProperty() readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Only with asOf: the text members (text, lateEntryReason, amendmentReason) answered null because a later version rewrote them and the audit store keeps no text ' +
      '(a null not listed here was empty then)',
  })
  readonly textsNotKept?: string[];
}

export class NotePageResponse {
  @ApiProperty({ type: [NoteResponse] }) readonly items: NoteResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  readonly nextCursor: string | null;
}
