import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { applyPatientChanges } from '../../domain/patient-changes.js';
import { checkPatientDetails, type PatientDetails } from '../../domain/patient-details.js';
import { assertNotMerged } from '../../domain/patient-lifecycle.js';
import type { PersonalField } from '../../domain/patient-personal-data.js';
import { PatientUpdated } from '../../domain/patient-updated.event.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { fieldsOf, type PatientRow, toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { mayChange, outOfScope, readDecision, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { UpdatePatient } from './update-patient.command.js';

/**
 * Changes a patient's details under If-Match. Any change rewrites every
 * ciphertext and blind index of the row under the active keys (a row never
 * mixes keys); the event carries the changed fields' new ciphertexts only.
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

      const before: PatientDetails = { ...this.views.decrypt(toPatientState(current)), sex: current.sex };
      const { next, changedFields } = applyPatientChanges(before, changes);
      if (changedFields.length === 0) return current;
      const updated = await this.patients.rewrite(tx.manager, patientId, {
        sex: next.sex,
        encrypted: this.cipher.encrypt(patientId, next),
        piiKeyId: this.cipher.activeKeyId,
        indexes: this.cipher.indexes(next),
        blindIndexKeyId: this.cipher.activeIndexKeyId,
      });
      const stored = fieldsOf(updated);
      const personal = changedFields.filter((field): field is PersonalField => field !== 'sex');
      tx.record(
        new PatientUpdated(updated.version, {
          patientId,
          changedFields,
          encrypted: Object.fromEntries(personal.map((field) => [field, stored[field]])),
          ...(changedFields.includes('sex') ? { sex: next.sex } : {}),
          piiKeyId: updated.pii_key_id,
        }),
      );
      return updated;
    });
    if (!row) throw new NotFoundError('Patient', patientId);
    return this.views.toView(toPatientState(row), principal.permissions, row.external_identifiers);
  }
}
