import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { NOTES } from '../note-access.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { readFiledRecord } from '../filed-record-read.js';
import { GetNote } from './get-note.query.js';

/**
 * One note (any version, drafts included), read through the patient-access
 * contract under emr:read: the note and its access event in one statement
 * (ADR 29), after asking which patient it is filed under. Out of scope
 * answers the same 404 as a missing note, audited as AccessDenied.
 */
@QueryHandler(GetNote)
export class GetNoteHandler implements IQueryHandler<GetNote, NoteView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
    private readonly views: NoteViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, noteId }: GetNote): Promise<NoteView> {
    const filedUnder = (await this.notes.filingOf(this.uow.manager(), noteId))?.patient_id;
    if (!filedUnder) throw new NotFoundError('Note', noteId);
    const record = await readFiledRecord<NoteRow>(
      this.patientAccess,
      reader,
      NOTES,
      { resourceType: 'Note', id: noteId },
      filedUnder,
      (currentPatientId) => this.notes.byIdFor(noteId, currentPatientId, filedUnder),
    );
    return this.views.toView(record.row);
  }
}
