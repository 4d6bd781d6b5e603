import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';
import { MAX_NOTE_TEXT_LENGTH } from '../domain/note-rules.js';
import { NOTE_TYPE_NAMES, NOTE_TYPE_SYSTEM, NOTE_TYPES, type NoteType } from '../domain/note-type.js';
import { MAX_REASON_LENGTH } from './create-encounter.request.js';

export const NOTE_TYPE_DESCRIPTION = `The kind of note; answered with its FHIR Composition.type, a LOINC document code of ${NOTE_TYPE_SYSTEM}: ${NOTE_TYPE_NAMES.map(
  (name) => `${name} ${NOTE_TYPES[name].code}`,
).join(', ')}`;
const TEXT_DESCRIPTION = `The note (1 to ${MAX_NOTE_TEXT_LENGTH} characters, surrounding whitespace dropped): clinical, so encrypted at rest, never in events, logs or problems`;
const TYPE_MESSAGE = `type must be one of ${NOTE_TYPE_NAMES.join(', ')}`;
const TEXT_MESSAGE = `text must be 1 to ${MAX_NOTE_TEXT_LENGTH} characters`;

/** Shapes only; the rules (encounter status, late entries, authorship) are the domain's and the handler's. */
export class WriteNoteRequest {
  @ApiProperty({ enum: NOTE_TYPE_NAMES, description: NOTE_TYPE_DESCRIPTION })
  @IsIn(NOTE_TYPE_NAMES, { message: TYPE_MESSAGE })
  type: NoteType;

  @ApiProperty({ minLength: 1, maxLength: MAX_NOTE_TEXT_LENGTH, description: TEXT_DESCRIPTION })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_NOTE_TEXT_LENGTH, { message: TEXT_MESSAGE })
  text: string;

  @ApiPropertyOptional({
    maxLength: MAX_REASON_LENGTH,
    description:
      'Only on a finished encounter, and required there: why the note is written late (409 EMR.ENCOUNTER_LOCKED without, ' +
      'EMR.NOT_A_LATE_ENTRY on an open encounter). Encrypted like the text.',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  lateEntryReason?: string;
}

/** Fields left out stay as they are. Status, author and encounter are not changed here (400 as unknown fields). */
export class UpdateNoteRequest {
  @ApiPropertyOptional({ enum: NOTE_TYPE_NAMES, description: NOTE_TYPE_DESCRIPTION })
  @IsOptional()
  @IsIn(NOTE_TYPE_NAMES, { message: TYPE_MESSAGE })
  type?: NoteType;

  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_NOTE_TEXT_LENGTH, description: `${TEXT_DESCRIPTION}; replaces the text` })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_NOTE_TEXT_LENGTH, { message: TEXT_MESSAGE })
  text?: string;
}

export class AmendNoteRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_NOTE_TEXT_LENGTH,
    description: `${TEXT_DESCRIPTION}. The corrected note, whole: it replaces the version amended`,
  })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_NOTE_TEXT_LENGTH, { message: TEXT_MESSAGE })
  text: string;

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_REASON_LENGTH,
    description: 'Why the signed note is corrected (clinical free text: encrypted, never in events or logs); required',
  })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason: string;
}

export const MAX_NOTE_PAGE = 100;

/** Keyset paging, newest first: pass back the nextCursor of the previous page. */
export class ListNotesRequest {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_NOTE_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_NOTE_PAGE)
  limit: number = 20;
}
