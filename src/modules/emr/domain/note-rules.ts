import { NoteNotAuthorError } from './note-not-author.error.js';
import { NoteNotSignedError } from './note-not-signed.error.js';
import { NoteSignedError } from './note-signed.error.js';
import type { NoteState } from './note-state.js';
import { NoteSupersededError } from './note-superseded.error.js';

/** The most characters a note's text may hold (a long discharge summary fits many times over). */
export const MAX_NOTE_TEXT_LENGTH = 50_000;

/**
 * Editing or signing a draft (FHIR Composition preliminary → final): only
 * its author (403), and only while it is a draft (409: a signed note is
 * immutable and corrected by an amendment).
 */
export function assertAuthorMayChange(note: Pick<NoteState, 'id' | 'status' | 'authorId'>, userId: string): void {
  if (note.authorId !== userId) throw new NoteNotAuthorError(note.id);
  if (note.status !== 'preliminary') throw new NoteSignedError(note.id, note.status);
}

/**
 * Amending: a signed, current version only. A draft is edited instead
 * (409), and an amended version has a newer one to amend (409, naming it).
 * Anyone who may sign over the encounter amends, not only the author.
 */
export function assertAmendable(note: Pick<NoteState, 'id' | 'status'>, currentNoteId: string | null): void {
  if (note.status === 'preliminary') throw new NoteNotSignedError(note.id);
  if (note.status !== 'final') throw new NoteSupersededError(note.id, note.status, currentNoteId);
}
