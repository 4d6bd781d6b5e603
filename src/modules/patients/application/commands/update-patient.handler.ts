import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkPatientDetails } from '../../domain/patient-details.js';
import { assertNotMerged } from '../../domain/patient-lifecycle.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { type PatientRow, toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { mayChange, outOfScope, readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientView } from '../patient-view.js';
import { patientChange, patientUpdated, storedDetails } from '../patient-writes.js';
import { PatientViews } from '../patient-views.js';
import { UpdatePatient } from './update-patient.command.js';

/**
 * Changes a patient's details under If-Match (patientChange: every
 * ciphertext and blind index rewritten under the active keys; the event
 * carries the changed fields' new ciphertexts only).
 */
@CommandHandler(UpdatePatient)
export class UpdatePatientHandler implements ICommandHandler<UpdatePatient, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly cipher: PatientCipher,
    private readonly views: PatientViews,
  ) {}

  async execute({
    editor: { actor, principal, ability },
    patientId,
    expectedVersion,
    changes,
  }: UpdatePatient): Promise<PatientView> {
    checkPatientDetails(changes, new Date(), false);
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const row = await this.uow.run(actor, async (tx): Promise<PatientRow | undefined> => {
      const current = await this.patients.findWithLinks(tx.manager, patientId, true);
      if (!current) throw new NotFoundError('Patient', patientId);
      if (!mayChange(readDecision(ability, principal, scopedSubjectOf(current)))) {
        // Committed with the (empty) change, so the refusal is audited although the request fails.
        tx.record(outOfScope(actor.id, patientId, 'patients:update'));
        return undefined;
      }
      assertNotMerged({ id: current.id, status: current.status, mergedIntoId: current.merged_into_id });
      if (current.version !== expectedVersion) throw new VersionMismatchError('Patient', expectedVersion, current.version);

      const change = patientChange(this.cipher, current, storedDetails(this.views, current), changes);
      if (!change) return current;
      const updated = await this.patients.rewrite(tx.manager, patientId, change.rewrite);
      tx.record(patientUpdated(updated, change));
      return updated;
    });
    if (!row) throw new NotFoundError('Patient', patientId);
    return this.views.toView(toPatientState(row), principal.permissions, row.external_identifiers);
  }
}
