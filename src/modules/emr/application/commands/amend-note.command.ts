import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { NoteView } from '../note-view.js';

export interface NoteAmendment {
  /** The corrected text, whole: the amendment replaces the version it amends. */
  readonly text: string;
  /** Why it is corrected (clinical free text, encrypted). */
  readonly reason: string;
}

/** Corrects a signed note with a new version, signed by the amender; If-Match (of the amended version) optional. */
export class AmendNote extends Command<NoteView> {
  constructor(
    readonly writer: PatientEditor,
    readonly noteId: string,
    readonly expectedVersion: number | undefined,
    readonly amendment: NoteAmendment,
  ) {
    super();
  }
}
