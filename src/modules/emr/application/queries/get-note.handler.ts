import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, type RecordedLoad } from '../../../patients/index.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { NOTES } from '../note-access.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { GetNote } from './get-note.query.js';

type LoadedNote = PatientScopedRecord & { readonly row: NoteRow };

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
    const load: RecordedLoad<LoadedNote> = {
      statement: (currentPatientId) => this.notes.byIdFor(noteId, currentPatientId, filedUnder),
      // The patient's current record stands for the note's patient: a grant names that one.
      columns: {
        patientId: 'r.current_patient_id',
        hospitalId: 'r.hospital_id',
        departmentId: 'r.department_id',
        responsibleUserIds: 'r.responsible_user_ids',
      },
      toRecord: (loaded) => {
        const row = loaded as unknown as NoteRow & { current_patient_id: string };
        return {
          patientId: row.current_patient_id,
          hospitalId: row.hospital_id,
          departmentId: row.department_id,
          responsibleUserIds: row.responsible_user_ids,
          row,
        };
      },
    };
    let record: LoadedNote;
    try {
      record = await this.patientAccess.read(reader, filedUnder, NOTES, load);
    } catch (error) {
      // The contract's 404 names the patient; this one names only what was asked.
      if (error instanceof NotFoundError) throw new NotFoundError('Note', noteId);
      throw error;
    }
    return this.views.toView(record.row);
  }
}
