import type { Principal } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import type { TransactionContext } from '../../../infrastructure/database/transaction-context.js';
import { EncounterVoidError } from '../domain/clinical-entry-policy.js';
import { type NoteSnapshot, noteSnapshotOf } from '../domain/note-events.js';
import type { EncounterRow } from '../infrastructure/encounter-row.js';
import type { EncounterRepository } from '../infrastructure/encounter.repository.js';
import type { NoteCipher } from '../infrastructure/note-cipher.js';
import { type NoteRow, toNoteState } from '../infrastructure/note-row.js';
import type { NoteChange, NoteRepository } from '../infrastructure/note.repository.js';
import { missingWriteScope, refusedNoteWrite, scopedNoteOf } from './note-access.js';

export function snapshotOfNoteRow(row: NoteRow): NoteSnapshot {
  return noteSnapshotOf(toNoteState(row));
}

/** A note locked for a change, and its encounter share-locked (its status is checked, and holds, until the commit). */
export interface LockedNote {
  readonly encounter: EncounterRow;
  readonly note: NoteRow;
}

/**
 * Locks a note for a change in the order every note write takes (the
 * encounter, then the note, as a new note does), then checks the writer's
 * scopes over it: emr:write, and emr:sign for a signature or an amendment.
 * Unknown: NotFound. Outside a scope: undefined, the refusal recorded for
 * the caller to answer 404 after the commit. A cancelled or entered-in-error
 * encounter's notes no longer change (409).
 */
export async function lockNoteForChange(
  tx: TransactionContext,
  encounters: EncounterRepository,
  notes: NoteRepository,
  principal: Principal,
  noteId: string,
  actions: readonly ('write' | 'sign')[],
): Promise<LockedNote | undefined> {
  const filing = await notes.filingOf(tx.manager, noteId);
  if (!filing) throw new NotFoundError('Note', noteId);
  const encounter = await encounters.lockForEntry(tx.manager, filing.encounter_id);
  const note = await notes.lock(tx.manager, noteId);
  if (!encounter || !note) throw new NotFoundError('Note', noteId);
  const missing = missingWriteScope(principal, scopedNoteOf(note), actions);
  if (missing) {
    tx.record(refusedNoteWrite(tx.actor, 'out-of-scope', missing, noteId));
    return undefined;
  }
  return { encounter, note };
}

/** Cancelled or entered in error: the encounter's notes are frozen as they are. */
export function assertEncounterNotVoid(encounter: Pick<EncounterRow, 'id' | 'status'>): void {
  if (encounter.status === 'cancelled' || encounter.status === 'entered-in-error') {
    throw new EncounterVoidError(encounter.id, encounter.status);
  }
}

/**
 * A note's texts after a change, all under the active key: a row never
 * mixes keys, so a rotation finds what is left by pii_key_id alone (as
 * patients' and encounters' rows do). Texts not named keep their plaintext.
 */
export function rewrittenNoteTexts(
  cipher: NoteCipher,
  row: Pick<NoteRow, 'id' | 'text' | 'late_entry_reason' | 'amendment_reason'>,
  next: { readonly text?: string } = {},
): Required<Pick<NoteChange, 'text' | 'lateEntryReason' | 'amendmentReason' | 'piiKeyId'>> {
  const text = next.text ?? cipher.decrypt(row.id, 'text', row.text);
  return {
    text: cipher.encrypt(row.id, 'text', text),
    lateEntryReason: cipher.encrypt(
      row.id,
      'late_entry_reason',
      cipher.decrypt(row.id, 'late_entry_reason', row.late_entry_reason),
    ),
    amendmentReason: cipher.encrypt(row.id, 'amendment_reason', cipher.decrypt(row.id, 'amendment_reason', row.amendment_reason)),
    piiKeyId: cipher.activeKeyId,
  };
}
