import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { NoteDrafted } from '../../domain/note-events.js';
import { NOTE_TYPES } from '../../domain/note-type.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { NoteCipher } from '../../infrastructure/note-cipher.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { admitEntry } from '../encounter-entry.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { snapshotOfNoteRow } from '../note-writes.js';
import { WriteNote } from './write-note.command.js';

/**
 * A new draft note through the gate of clinical entries (admitEntry): the
 * encounter share-locked, the writer's emr:write over it (404, audited),
 * its status (409 locked or void; on a finished one only a late entry with
 * its reason). The note copies the encounter's scope columns; its texts are
 * encrypted before they reach SQL.
 */
@CommandHandler(WriteNote)
export class WriteNoteHandler implements ICommandHandler<WriteNote, NoteView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly notes: NoteRepository,
    private readonly cipher: NoteCipher,
    private readonly views: NoteViews,
  ) {}

  async execute({ writer: { actor, principal }, encounterId, note }: WriteNote): Promise<NoteView> {
    const id = uuidv7();
    const row = await this.uow.run(actor, async (tx): Promise<NoteRow | undefined> => {
      const admitted = await admitEntry(tx, this.encounters, principal, encounterId, note.lateEntryReason);
      if (!admitted) return undefined;
      const stored = await this.notes.insert(tx.manager, {
        id,
        encounterId,
        scope: admitted.scope,
        typeCode: NOTE_TYPES[note.type].code,
        status: 'preliminary',
        authorId: actor.id,
        text: this.cipher.encrypt(id, 'text', note.text),
        lateEntryReason: admitted.timing === 'late' ? this.cipher.encrypt(id, 'late_entry_reason', note.lateEntryReason!) : null,
        amendsNoteId: null,
        originalNoteId: id,
        amendmentReason: null,
        piiKeyId: this.cipher.activeKeyId,
        signedAt: null,
      });
      tx.record(new NoteDrafted(snapshotOfNoteRow(stored)));
      return stored;
    });
    if (!row) throw new NotFoundError('Encounter', encounterId);
    return this.views.toView(row);
  }
}
