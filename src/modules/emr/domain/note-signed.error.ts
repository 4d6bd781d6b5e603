import { DomainError } from '@hms/ddd';
import type { NoteStatus } from './note-status.js';

/** A signed note is immutable: a correction is an amendment (POST /notes/{id}/amendments). */
export class NoteSignedError extends DomainError<'EMR.NOTE_SIGNED'> {
  readonly code = 'EMR.NOTE_SIGNED' as const;

  constructor(noteId: string, status: NoteStatus) {
    super(`The note is ${status}: it no longer changes; correct it with an amendment.`, { noteId, status });
  }
}
