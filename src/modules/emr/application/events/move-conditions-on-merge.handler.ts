import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientMerged } from '../../../patients/index.js';
import { DiagnosisMovedByMerge, ProblemMovedByMerge } from '../../domain/condition-events.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { ConditionViews } from '../condition-views.js';

/**
 * A merged patient's diagnoses and problem-list entries move to the
 * surviving record, each with a new version and its event, inside the
 * dispatcher's transaction with the inbox row; run again, it finds nothing
 * left to move. Recording a diagnosis or a problem links its writer to the
 * patient, and that link's key-share lock holds the merge until the record
 * commits; one recorded after the merge is filed under the surviving record.
 */
@EventsHandler(PatientMerged)
export class MoveConditionsOnMerge implements IEventHandler<PatientMerged> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly views: ConditionViews,
  ) {}

  async handle(event: PatientMerged): Promise<void> {
    const { patientId, mergedIntoId } = event.payload;
    await this.uow.run(systemActor(`event-handler:${MoveConditionsOnMerge.name}`), async (tx) => {
      const moved = await this.conditions.moveToPatient(tx.manager, patientId, mergedIntoId);
      tx.record(
        ...moved.map((row) =>
          row.category === 'encounter-diagnosis'
            ? new DiagnosisMovedByMerge(row.version, this.views.snapshotOf(row), patientId)
            : new ProblemMovedByMerge(row.version, this.views.snapshotOf(row), patientId),
        ),
      );
    });
  }
}
