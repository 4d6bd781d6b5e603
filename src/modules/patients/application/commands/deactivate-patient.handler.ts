import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDeactivated } from '../../domain/patient-deactivated.event.js';
import { deactivationChanges } from '../../domain/patient-lifecycle.js';
import { type PatientRow, toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { mayChange, outOfScope, readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { DeactivatePatient } from './deactivate-patient.command.js';

/** Marks a patient inactive or deceased under If-Match; repeating the current status changes nothing. */
@CommandHandler(DeactivatePatient)
export class DeactivatePatientHandler implements ICommandHandler<DeactivatePatient, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly views: PatientViews,
  ) {}

  async execute({
    editor: { actor, principal, ability },
    patientId,
    expectedVersion,
    reason,
  }: DeactivatePatient): Promise<PatientView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const row = await this.uow.run(actor, async (tx): Promise<PatientRow | undefined> => {
      const current = await this.patients.findWithLinks(tx.manager, patientId, true);
      if (!current) throw new NotFoundError('Patient', patientId);
      if (!mayChange(readDecision(ability, principal, scopedSubjectOf(current)))) {
        tx.record(outOfScope(actor.id, patientId, 'patients:deactivate'));
        return undefined;
      }
      const changes = deactivationChanges(
        { id: current.id, status: current.status, mergedIntoId: current.merged_into_id },
        reason,
      );
      if (current.version !== expectedVersion) throw new VersionMismatchError('Patient', expectedVersion, current.version);
      if (!changes) return current;
      const updated = await this.patients.setStatus(tx.manager, patientId, reason, null);
      tx.record(
        new PatientDeactivated(updated.version, {
          patientId,
          status: reason,
          previousStatus: current.status,
          mergedIntoId: null,
        }),
      );
      return updated;
    });
    if (!row) throw new NotFoundError('Patient', patientId);
    return this.views.toView(toPatientState(row), principal.permissions, row.external_identifiers);
  }
}
