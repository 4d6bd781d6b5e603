import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { NOTE_TEXTS, textsNotKept, textsThen, versionsAsOf } from '../../domain/as-of.js';
import type { NoteSnapshot } from '../../domain/note-events.js';
import type { NoteRow } from '../../infrastructure/note-row.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { NOTES } from '../note-access.js';
import type { NoteView } from '../note-view.js';
import { NoteViews } from '../note-views.js';
import { noteRowThen } from '../as-of-rows.js';
import { readFiledRecord, refuseFiledRecord } from '../filed-record-read.js';
import { recordVersions } from '../record-versions.js';
import { GetNote } from './get-note.query.js';

/**
 * One note (any version, drafts included), read through the patient-access
 * contract under emr:read: the note and its access event in one statement
 * (ADR 29), after asking which patient it is filed under. Out of scope
 * answers the same 404 as a missing note, audited as AccessDenied. As of an
 * instant, the version then, from the audit event store (ADR 35).
 */
@QueryHandler(GetNote)
export class GetNoteHandler implements IQueryHandler<GetNote, NoteView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
    private readonly views: NoteViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, noteId, asOf }: GetNote): Promise<NoteView> {
    const filedUnder = (await this.notes.filingOf(this.uow.manager(), noteId))?.patient_id;
    if (!filedUnder) throw new NotFoundError('Note', noteId);
    const asked = { resourceType: 'Note', id: noteId };
    const statement = (currentPatientId: string) => this.notes.byIdFor(noteId, currentPatientId, filedUnder);
    const versions = asOf ? versionsAsOf(await recordVersions<NoteSnapshot>(this.queries, 'Note', noteId), asOf) : undefined;
    if (asOf && !versions) return refuseFiledRecord<NoteRow>(this.patientAccess, reader, NOTES, asked, filedUnder, statement);
    const record = await readFiledRecord<NoteRow>(this.patientAccess, reader, NOTES, asked, filedUnder, statement, { asOf });
    if (!versions) return this.views.toView(record.row);
    const texts = textsThen(NOTE_TEXTS, versions);
    const view = this.views.toView(noteRowThen(record.row, versions, texts));
    return { ...view, text: texts.text === 'kept' ? view.text : null, textsNotKept: textsNotKept(texts) };
  }
}
