import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { NoteView } from '../note-view.js';

export class GetNote extends Query<NoteView> {
  constructor(
    readonly reader: PatientReader,
    readonly noteId: string,
  ) {
    super();
  }
}
