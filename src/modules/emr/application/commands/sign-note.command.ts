import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { NoteView } from '../note-view.js';

/** Signs a draft note (preliminary → final), by its author; If-Match optional. */
export class SignNote extends Command<NoteView> {
  constructor(
    readonly writer: PatientEditor,
    readonly noteId: string,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
