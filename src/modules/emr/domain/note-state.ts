import type { NoteStatus } from './note-status.js';
import type { NoteTypeCode } from './note-type.js';

/** A note as its rules see it: ids, codes and instants (the text is not the rules' business). */
export interface NoteState {
  readonly id: string;
  readonly encounterId: string;
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly typeCode: NoteTypeCode;
  readonly status: NoteStatus;
  readonly authorId: string;
  readonly lateEntry: boolean;
  readonly signedAt: Date | null;
  /** The version this one corrects; null for a first version. */
  readonly amendsNoteId: string | null;
  /** The first version of the note; its own id for a first version. */
  readonly originalNoteId: string;
  readonly version: number;
}
