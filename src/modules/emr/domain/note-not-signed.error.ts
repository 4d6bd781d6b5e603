import { DomainError } from '@hms/ddd';

/** A draft is corrected by its author in place (PATCH); only a signed note is amended. */
export class NoteNotSignedError extends DomainError<'EMR.NOTE_NOT_SIGNED'> {
  readonly code = 'EMR.NOTE_NOT_SIGNED' as const;

  constructor(noteId: string) {
    super('The note is a draft: only a signed note is amended.', { noteId });
  }
}
