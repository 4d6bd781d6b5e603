import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { NoteType } from '../../domain/note-type.js';
import type { NoteView } from '../note-view.js';

export interface NoteChanges {
  readonly type?: NoteType;
  readonly text?: string;
}

/** Changes a draft note's type or text, by its author, under If-Match. */
export class UpdateNote extends Command<NoteView> {
  constructor(
    readonly writer: PatientEditor,
    readonly noteId: string,
    readonly expectedVersion: number | undefined,
    readonly changes: NoteChanges,
  ) {
    super();
  }
}
