import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { NoteSigned } from '../../domain/note-events.js';
import { NoteNotAuthorError } from '../../domain/note-not-author.error.js';
import { assertAuthorMayChange } from '../../domain/note-rules.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { NoteCipher } from '../../infrastructure/note-cipher.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { refusedNoteWrite } from '../note-access.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { assertEncounterNotVoid, lockNoteForChange, rewrittenNoteTexts, snapshotOfNoteRow } from '../note-writes.js';
import { SignNote } from './sign-note.command.js';

/**
 * Signs a draft: lock, scope (emr:write and emr:sign over the note, 404
 * audited), the author alone (403, audited), a draft only (409), the
 * encounter not void (409), If-Match when sent (412). Two signatures at
 * once: the second waits on the row and meets a signed note (409). Drafts
 * on a finished encounter are still signed: they were written in time.
 */
@CommandHandler(SignNote)
export class SignNoteHandler implements ICommandHandler<SignNote, NoteView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly notes: NoteRepository,
    private readonly cipher: NoteCipher,
    private readonly views: NoteViews,
  ) {}

  async execute({ writer: { actor, principal }, noteId, expectedVersion }: SignNote): Promise<NoteView> {
    const row = await this.uow
      .run(actor, async (tx): Promise<NoteRow | undefined> => {
        const locked = await lockNoteForChange(tx, this.encounters, this.notes, principal, noteId, ['write', 'sign']);
        if (!locked) return undefined;
        const { note, encounter } = locked;
        assertAuthorMayChange({ id: note.id, status: note.status, authorId: note.author_id }, actor.id);
        assertEncounterNotVoid(encounter);
        if (expectedVersion !== undefined && note.version !== expectedVersion) {
          throw new VersionMismatchError('Note', expectedVersion, note.version);
        }
        const updated = await this.notes.update(tx.manager, noteId, {
          status: 'final',
          signedAt: new Date(),
          ...rewrittenNoteTexts(this.cipher, note),
        });
        tx.record(new NoteSigned(updated.version, snapshotOfNoteRow(updated)));
        return updated;
      })
      .catch(async (error: unknown) => {
        if (error instanceof NoteNotAuthorError)
          await this.uow.record(actor, refusedNoteWrite(actor, 'not-author', 'emr:sign', noteId));
        throw error;
      });
    if (!row) throw new NotFoundError('Note', noteId);
    return this.views.toView(row);
  }
}
