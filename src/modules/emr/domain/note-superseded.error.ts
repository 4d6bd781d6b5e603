import { DomainError } from '@hms/ddd';
import type { NoteStatus } from './note-status.js';

/** An amended (or erroneous) version: amendments go on the current version, which the answer names when known. */
export class NoteSupersededError extends DomainError<'EMR.NOTE_SUPERSEDED'> {
  readonly code = 'EMR.NOTE_SUPERSEDED' as const;

  constructor(noteId: string, status: NoteStatus, currentNoteId: string | null) {
    super(`The note is ${status}: amend its current version instead.`, { noteId, status, currentNoteId });
  }
}
