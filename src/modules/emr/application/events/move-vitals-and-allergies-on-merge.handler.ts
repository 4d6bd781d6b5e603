import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { systemActor } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientMerged } from '../../../patients/index.js';
import { AllergyMovedByMerge, AllergyUpdated } from '../../domain/allergy-events.js';
import { VitalsMovedByMerge } from '../../domain/vital-events.js';
import { AllergyRepository } from '../../infrastructure/allergy.repository.js';
import { VitalRepository } from '../../infrastructure/vital.repository.js';
import { allergySnapshot } from '../allergy-views.js';
import { vitalSetSnapshot } from '../vital-views.js';

/**
 * A merged patient's vitals and allergies move to the surviving record, a
 * new version and its event each, in one transaction with the dispatcher's
 * inbox row; a second run finds nothing left to move. The two records' lists
 * become one, so the one-assertion rule is settled first: with an active
 * allergy on either side every active no-known-allergies assertion is made
 * inactive; with an assertion on both sides, the merged record's is.
 */
@EventsHandler(PatientMerged)
export class MoveVitalsAndAllergiesOnMerge implements IEventHandler<PatientMerged> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly vitals: VitalRepository,
    private readonly allergies: AllergyRepository,
  ) {}

  async handle(event: PatientMerged): Promise<void> {
    const { patientId, mergedIntoId } = event.payload;
    await this.uow.run(systemActor(`event-handler:${MoveVitalsAndAllergiesOnMerge.name}`), async (tx) => {
      const sets = await this.vitals.moveToPatient(tx.manager, patientId, mergedIntoId);
      for (const set of sets) {
        const observations = await this.vitals.observationsOf(tx.manager, set.id);
        tx.record(new VitalsMovedByMerge(set.version, vitalSetSnapshot(set, observations), patientId));
      }

      // Always in the same order, so two merges touching one patient cannot deadlock.
      for (const id of [patientId, mergedIntoId].sort()) await this.allergies.lockAssertions(tx.manager, id);
      const merged = await this.allergies.activeOf(tx.manager, patientId);
      const surviving = await this.allergies.activeOf(tx.manager, mergedIntoId);
      const active = [...merged, ...surviving];
      const anyAllergy = active.some((row) => row.kind === 'substance');
      const assertions = active.filter((row) => row.kind === 'no-known-allergies');
      const superseded = anyAllergy
        ? assertions
        : assertions.length > 1
          ? assertions.filter((row) => row.patient_id === patientId)
          : [];
      for (const assertion of superseded) {
        const row = await this.allergies.supersede(tx.manager, assertion.id);
        tx.record(new AllergyUpdated(row.version, allergySnapshot(row), ['clinicalStatus']));
      }
      const moved = await this.allergies.moveToPatient(tx.manager, patientId, mergedIntoId);
      tx.record(...moved.map((row) => new AllergyMovedByMerge(row.version, allergySnapshot(row), patientId)));
    });
  }
}
