import { DomainError } from '@hms/ddd';

/** Only a note's author edits or signs it while it is a draft. */
export class NoteNotAuthorError extends DomainError<'EMR.NOT_NOTE_AUTHOR'> {
  readonly code = 'EMR.NOT_NOTE_AUTHOR' as const;

  constructor(noteId: string) {
    super('Only the author of this draft note may change or sign it.', { noteId });
  }
}
