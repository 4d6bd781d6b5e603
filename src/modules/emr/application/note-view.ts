import type { NoteStatus } from '../domain/note-status.js';
import type { NoteType, NoteTypeCode } from '../domain/note-type.js';

/** A clinical note as readers under emr:read see it (its texts decrypted). */
export interface NoteView {
  readonly id: string;
  readonly encounterId: string;
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly type: NoteType;
  /** Composition.type: the LOINC document code of the type. */
  readonly typeCode: NoteTypeCode;
  readonly status: NoteStatus;
  readonly authorId: string;
  /** Null only in an answer as of an instant, when the text then is not kept (`textsNotKept` names it). */
  readonly text: string | null;
  readonly lateEntry: boolean;
  readonly lateEntryReason: string | null;
  readonly signedAt: Date | null;
  readonly amendsNoteId: string | null;
  readonly amendmentReason: string | null;
  readonly originalNoteId: string;
  readonly amendedByNoteId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Only in an answer as of an instant: the text members left null because they were rewritten since and no version keeps a text. */
  readonly textsNotKept?: readonly string[];
}

export interface NotePage {
  readonly items: readonly NoteView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}
