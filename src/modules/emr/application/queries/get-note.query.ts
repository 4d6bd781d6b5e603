import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { NoteView } from '../note-view.js';

export class GetNote extends Query<NoteView> {
  constructor(
    readonly reader: PatientReader,
    readonly noteId: string,
    /** The record as it stood at this instant (not in the future); the current record when left out. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
