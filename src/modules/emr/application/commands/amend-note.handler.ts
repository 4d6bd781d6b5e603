import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, uuidv7, VersionMismatchError } from '@hms/ddd';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { NoteAmended, NoteSigned } from '../../domain/note-events.js';
import { assertAmendable } from '../../domain/note-rules.js';
import { NoteSupersededError } from '../../domain/note-superseded.error.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { NoteCipher } from '../../infrastructure/note-cipher.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NOTE_AMENDED_ONCE, NoteRepository } from '../../infrastructure/note.repository.js';
import { scopedRecordOf } from '../encounter-writes.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { assertEncounterNotVoid, lockNoteForChange, rewrittenNoteTexts, snapshotOfNoteRow } from '../note-writes.js';
import { AmendNote } from './amend-note.command.js';

/**
 * An amendment: a new version of a signed note, written and signed by the
 * amender (anyone whose emr:write and emr:sign cover the note, not only its
 * author), linked to the version it corrects, which becomes `amended` and
 * stays readable. Not a new entry, so a finished encounter takes it (its
 * reason says why), but a void one does not (409). The version amended must
 * be the current one (409 naming it otherwise): two amendments at once
 * serialise on its row lock, and the unique indexes (one successor per
 * version, one current version per note) hold even without it.
 */
@CommandHandler(AmendNote)
export class AmendNoteHandler implements ICommandHandler<AmendNote, NoteView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly notes: NoteRepository,
    private readonly cipher: NoteCipher,
    private readonly views: NoteViews,
  ) {}

  async execute({ writer: { actor, principal }, noteId, expectedVersion, amendment }: AmendNote): Promise<NoteView> {
    const id = uuidv7();
    let originalNoteId: string | undefined;
    let row: NoteRow | undefined;
    try {
      row = await this.uow.run(actor, async (tx): Promise<NoteRow | undefined> => {
        const locked = await lockNoteForChange(tx, this.encounters, this.notes, principal, noteId, ['write', 'sign']);
        if (!locked) return undefined;
        const { note, encounter } = locked;
        originalNoteId = note.original_note_id;
        if (note.status !== 'final') {
          assertAmendable(note, await this.notes.currentVersionOf(tx.manager, note.original_note_id));
        }
        assertEncounterNotVoid(encounter);
        if (expectedVersion !== undefined && note.version !== expectedVersion) {
          throw new VersionMismatchError('Note', expectedVersion, note.version);
        }
        // The amended version first: the one-current-version index never sees two.
        const amended = await this.notes.update(tx.manager, noteId, {
          status: 'amended',
          ...rewrittenNoteTexts(this.cipher, note),
        });
        const stored = await this.notes.insert(tx.manager, {
          id,
          encounterId: note.encounter_id,
          scope: scopedRecordOf(encounter),
          typeCode: note.type_code,
          status: 'final',
          authorId: actor.id,
          text: this.cipher.encrypt(id, 'text', amendment.text),
          lateEntryReason: null,
          amendsNoteId: noteId,
          originalNoteId: note.original_note_id,
          amendmentReason: this.cipher.encrypt(id, 'amendment_reason', amendment.reason),
          piiKeyId: this.cipher.activeKeyId,
          signedAt: new Date(),
        });
        tx.record(
          new NoteAmended(amended.version, snapshotOfNoteRow(amended), id),
          new NoteSigned(stored.version, snapshotOfNoteRow(stored)),
        );
        return stored;
      });
    } catch (error) {
      if (sqlStateOf(error) === '23505' && NOTE_AMENDED_ONCE.includes(constraintOf(error) ?? '')) {
        const current = originalNoteId ? await this.notes.currentVersionOf(this.uow.manager(), originalNoteId) : null;
        throw new NoteSupersededError(noteId, 'amended', current);
      }
      throw error;
    }
    if (!row) throw new NotFoundError('Note', noteId);
    return this.views.toView(row);
  }
}
