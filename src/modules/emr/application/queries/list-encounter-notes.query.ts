import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { NotePage } from '../note-view.js';

export interface NoteListFilter {
  /** A nextCursor of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export class ListEncounterNotes extends Query<NotePage> {
  constructor(
    readonly reader: PatientReader,
    readonly encounterId: string,
    readonly filter: NoteListFilter,
  ) {
    super();
  }
}
