import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientMerged } from '../../../patients/index.js';
import { EncounterMovedByMerge } from '../../domain/encounter-events.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { snapshotOfRow } from '../encounter-writes.js';

/**
 * A merged patient's encounters move to the surviving record, each with a
 * new version and its event. The dispatcher runs this at least once, inside
 * its transaction with the inbox row, so the effect happens once; a second
 * run would find nothing left under the merged id anyway. Encounters
 * recorded for the merged id after the merge cannot exist: a creation holds
 * the patient against a merge until it commits, and refuses a merged one.
 */
@EventsHandler(PatientMerged)
export class MoveEncountersOnMerge implements IEventHandler<PatientMerged> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
  ) {}

  async handle(event: PatientMerged): Promise<void> {
    const { patientId, mergedIntoId } = event.payload;
    await this.uow.run(systemActor(`event-handler:${MoveEncountersOnMerge.name}`), async (tx) => {
      const moved = await this.encounters.moveToPatient(tx.manager, patientId, mergedIntoId);
      tx.record(...moved.map((row) => new EncounterMovedByMerge(row.version, snapshotOfRow(row), patientId)));
    });
  }
}
