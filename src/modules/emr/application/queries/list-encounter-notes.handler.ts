import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, type PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { mayRead, NOTE_SCOPE_COLUMNS, NOTES, scopedNoteOf } from '../note-access.js';
import type { NotePage } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { ListEncounterNotes } from './list-encounter-notes.query.js';

type ListedNote = PatientScopedRecord & { readonly row: NoteRow };

/**
 * An encounter's notes (every version, drafts included), newest first,
 * keyset-paginated, filtered in SQL by the reader's emr:read scope through
 * the patient-access contract (each one served audited). An encounter the
 * reader's emr:read does not cover answers 404, audited, as a missing one.
 * Positions are (listed_at, id) pairs, encoded as the encounter list's are.
 */
@QueryHandler(ListEncounterNotes)
export class ListEncounterNotesHandler implements IQueryHandler<ListEncounterNotes, NotePage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
    private readonly views: NoteViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, encounterId, filter }: ListEncounterNotes): Promise<NotePage> {
    const after = filter.cursor === undefined ? undefined : decodeEncounterCursor(filter.cursor);
    const encounter = await this.notes.encounterScope(this.uow.manager(), encounterId);
    if (!encounter) throw new NotFoundError('Encounter', encounterId);
    if (!mayRead(reader.principal, scopedNoteOf(encounter))) {
      await this.uow.record(
        reader.actor,
        new AccessDenied({
          userId: reader.actor.id,
          reason: 'out-of-scope',
          permission: 'emr:read',
          resourceType: 'Encounter',
          resourceId: encounterId,
        }),
      );
      throw new NotFoundError('Encounter', encounterId);
    }
    let hasMore = false;
    const served = await this.patientAccess.list<ListedNote>(reader, NOTES, NOTE_SCOPE_COLUMNS, async (scope) => {
      const rows = await this.notes.list(this.uow.manager(), { encounterId, after, limit: filter.limit }, scope);
      // The row past the page only tells that another follows: it is neither served nor audited.
      hasMore = rows.length > filter.limit;
      return rows.slice(0, filter.limit).map((row) => ({ ...scopedNoteOf(row), row }));
    });
    const last = served[served.length - 1];
    return {
      items: served.map((record) => this.views.toView(record.row)),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}
