import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientMerged } from '../../../patients/index.js';
import { NoteMovedByMerge } from '../../domain/note-events.js';
import { NoteRepository } from '../../infrastructure/note.repository.js';
import { snapshotOfNoteRow } from '../note-writes.js';

/**
 * A merged patient's notes (every version) move to the surviving record,
 * each with a new version and its event, as its encounters do
 * (MoveEncountersOnMerge): at least once, inside the dispatcher's
 * transaction with the inbox row; a second run finds nothing left to move.
 */
@EventsHandler(PatientMerged)
export class MoveNotesOnMerge implements IEventHandler<PatientMerged> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
  ) {}

  async handle(event: PatientMerged): Promise<void> {
    const { patientId, mergedIntoId } = event.payload;
    await this.uow.run(systemActor(`event-handler:${MoveNotesOnMerge.name}`), async (tx) => {
      const moved = await this.notes.moveToPatient(tx.manager, patientId, mergedIntoId);
      tx.record(...moved.map((row) => new NoteMovedByMerge(row.version, snapshotOfNoteRow(row), patientId)));
    });
  }
}
