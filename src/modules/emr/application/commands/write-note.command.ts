import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { NoteType } from '../../domain/note-type.js';
import type { NoteView } from '../note-view.js';

export interface NewNote {
  readonly type: NoteType;
  /** Clinical free text: encrypted at rest, never in an event, a log line or a problem. */
  readonly text: string;
  /** Only on a finished encounter: why the note is written late (encrypted like the text). */
  readonly lateEntryReason?: string;
}

/** Writes a draft note on an encounter, its author the writer. */
export class WriteNote extends Command<NoteView> {
  constructor(
    readonly writer: PatientEditor,
    readonly encounterId: string,
    readonly note: NewNote,
  ) {
    super();
  }
}
