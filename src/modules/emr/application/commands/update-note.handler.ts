import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { type NoteField, NoteUpdated } from '../../domain/note-events.js';
import { NoteNotAuthorError } from '../../domain/note-not-author.error.js';
import { assertAuthorMayChange } from '../../domain/note-rules.js';
import { NOTE_TYPES } from '../../domain/note-type.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { NoteCipher } from '../../infrastructure/note-cipher.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { refusedNoteWrite } from '../note-access.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { assertEncounterNotVoid, lockNoteForChange, rewrittenNoteTexts, snapshotOfNoteRow } from '../note-writes.js';
import { UpdateNote } from './update-note.command.js';

/**
 * Changes a draft in the order every write follows: If-Match present (428),
 * lock, scope (404, audited), author (403, audited) and status (409 once
 * signed), the encounter not void (409), version (412), save, event. A
 * request that changes nothing writes nothing.
 */
@CommandHandler(UpdateNote)
export class UpdateNoteHandler implements ICommandHandler<UpdateNote, NoteView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly notes: NoteRepository,
    private readonly cipher: NoteCipher,
    private readonly views: NoteViews,
  ) {}

  async execute({ writer: { actor, principal }, noteId, expectedVersion, changes }: UpdateNote): Promise<NoteView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const row = await this.uow
      .run(actor, async (tx): Promise<NoteRow | undefined> => {
        const locked = await lockNoteForChange(tx, this.encounters, this.notes, principal, noteId, ['write']);
        if (!locked) return undefined;
        const { note, encounter } = locked;
        assertAuthorMayChange({ id: note.id, status: note.status, authorId: note.author_id }, actor.id);
        assertEncounterNotVoid(encounter);
        if (note.version !== expectedVersion) throw new VersionMismatchError('Note', expectedVersion, note.version);

        const changed: NoteField[] = [];
        const typeCode = changes.type === undefined ? note.type_code : NOTE_TYPES[changes.type].code;
        if (typeCode !== note.type_code) changed.push('type');
        if (changes.text !== undefined && changes.text !== this.cipher.decrypt(note.id, 'text', note.text)) changed.push('text');
        if (changed.length === 0) return note;

        const updated = await this.notes.update(tx.manager, noteId, {
          ...(changed.includes('type') ? { typeCode } : {}),
          ...rewrittenNoteTexts(this.cipher, note, { text: changes.text }),
        });
        tx.record(new NoteUpdated(updated.version, snapshotOfNoteRow(updated), changed));
        return updated;
      })
      .catch(async (error: unknown) => {
        if (error instanceof NoteNotAuthorError)
          await this.uow.record(actor, refusedNoteWrite(actor, 'not-author', 'emr:write', noteId));
        throw error;
      });
    if (!row) throw new NotFoundError('Note', noteId);
    return this.views.toView(row);
  }
}
