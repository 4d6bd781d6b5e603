import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { type InvalidField, InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { LinkPatientCare, ResolvePatientAccess } from '../../../patients/index.js';
import { AllergyRecorded } from '../../domain/allergy-events.js';
import { isActive } from '../../domain/allergy-rules.js';
import { EncounterVoidError } from '../../domain/clinical-entry-policy.js';
import { DepartmentOutOfScopeError } from '../../domain/department-out-of-scope.error.js';
import { CLOCK_SKEW_MS } from '../../domain/encounter-period.js';
import { PatientMergedError } from '../../domain/patient-merged.error.js';
import type { AllergyRow } from '../../infrastructure/allergy-row.js';
import { AllergyRepository } from '../../infrastructure/allergy.repository.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import type { AllergyView } from '../allergy-view.js';
import { AllergyViews, allergySnapshot } from '../allergy-views.js';
import { assertionConflictOf, makeRoomFor } from '../allergy-writes.js';
import { refusedRecordWrite } from '../clinical-record-access.js';
import { mayWrite } from '../encounter-access.js';
import { scopedRecordOf } from '../encounter-writes.js';
import { type NewAllergy, RecordAllergy } from './record-allergy.command.js';

/** The care links' source label for allergies. */
const CARE_LINK_SOURCE = 'emr.allergy';
/** Fields that belong to a substance, never to the no-known-allergies assertion. */
const SUBSTANCE_FIELDS = ['substance', 'type', 'category', 'criticality', 'reactions', 'onsetDateTime'] as const;

function invalidFieldsOf(allergy: NewAllergy, now: Date): InvalidField[] {
  const errors: InvalidField[] = [];
  if (allergy.noKnownAllergies) {
    const given = {
      substance: allergy.substance,
      type: allergy.type,
      category: allergy.category,
      criticality: allergy.criticality,
      reactions: allergy.reactions,
      onsetDateTime: allergy.onsetAt,
    };
    for (const field of SUBSTANCE_FIELDS) {
      if (given[field] !== undefined) errors.push({ field, message: `${field} must be left out with noKnownAllergies` });
    }
  } else if (allergy.substance === undefined) {
    errors.push({ field: 'substance', message: 'substance is required unless noKnownAllergies is true' });
  }
  if (allergy.onsetAt && allergy.onsetAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    errors.push({ field: 'onsetDateTime', message: 'onsetDateTime must not be in the future' });
  }
  if (allergy.verificationStatus === 'entered-in-error') {
    errors.push({ field: 'verificationStatus', message: 'a new record is not entered-in-error' });
  }
  return errors;
}

/**
 * Records an allergy or intolerance, or the assertion of no known
 * allergies, patient-wide (ADR 33): the patient within the writer's
 * patients:read (404, audited, otherwise; merged: 409 naming the surviving
 * record), the record scoped to the writer's hospital and department (the
 * encounter's when the writer has none) and within the writer's emr:write.
 * Every allergy write of a patient serialises on its assertion row, so an
 * active assertion and an active allergy never stand together: a new
 * allergy makes the assertion inactive; an assertion beside active
 * allergies is refused (409). PostgreSQL's CHECK is the backstop.
 */
@CommandHandler(RecordAllergy)
export class RecordAllergyHandler implements ICommandHandler<RecordAllergy, AllergyView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly allergies: AllergyRepository,
    private readonly encounters: EncounterRepository,
    private readonly views: AllergyViews,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, patientId, allergy }: RecordAllergy): Promise<AllergyView> {
    const { actor, principal } = writer;
    const errors = invalidFieldsOf(allergy, new Date());
    if (errors.length > 0) throw new InvalidInputError('The allergy has invalid fields; see errors.', errors);
    const id = uuidv7();
    const kind = allergy.noKnownAllergies ? 'no-known-allergies' : 'substance';
    const clinicalStatus = allergy.clinicalStatus ?? 'active';
    const verificationStatus = allergy.verificationStatus ?? (allergy.noKnownAllergies ? 'confirmed' : 'unconfirmed');

    let departmentId: string | null = principal.departmentId;
    let refused: readonly [string, string] = ['Patient', patientId];
    try {
      const row = await this.uow.run(actor, async (tx): Promise<AllergyRow | undefined> => {
        const patient = await this.queries.execute(new ResolvePatientAccess(writer, patientId));
        if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
        if (!patient.allowed || patient.emergencyGrantId) {
          tx.record(refusedRecordWrite(actor, 'Patient', patientId));
          return undefined;
        }
        if (patient.currentPatientId !== patientId) throw new PatientMergedError(patientId, patient.currentPatientId);
        let hospitalId = principal.hospitalId;
        if (allergy.encounterId !== undefined) {
          const encounter = await this.encounters.lockForEntry(tx.manager, allergy.encounterId);
          if (!encounter || encounter.patient_id !== patientId) throw new NotFoundError('Encounter', allergy.encounterId);
          if (!mayWrite(principal, scopedRecordOf(encounter))) {
            tx.record(refusedRecordWrite(actor, 'Encounter', allergy.encounterId));
            refused = ['Encounter', allergy.encounterId];
            return undefined;
          }
          if (encounter.status === 'cancelled' || encounter.status === 'entered-in-error') {
            throw new EncounterVoidError(encounter.id, encounter.status);
          }
          if (!hospitalId || !departmentId) [hospitalId, departmentId] = [encounter.hospital_id, encounter.department_id];
        }
        if (!hospitalId || !departmentId) {
          throw new InvalidInputError('The allergy has invalid fields; see errors.', [
            { field: 'encounterId', message: 'encounterId is required when you belong to no hospital and department' },
          ]);
        }
        const scope = { patientId, hospitalId, departmentId, responsibleUserIds: [actor.id] };
        if (!mayWrite(principal, scope)) throw new DepartmentOutOfScopeError(hospitalId, departmentId);
        // Holds the patient against a merge until the commit; a merge committed first answers its survivor.
        const linked = await this.commands.execute(new LinkPatientCare(actor, patientId, 'user', actor.id, CARE_LINK_SOURCE));
        if (linked.patientId !== patientId) throw new PatientMergedError(patientId, linked.patientId);

        await this.allergies.lockAssertions(tx.manager, patientId);
        if (isActive({ clinicalStatus, verificationStatus })) await makeRoomFor(tx, this.allergies, patientId, { id, kind });
        const stored = await this.allergies.insert(tx.manager, {
          id,
          patient_id: patientId,
          hospital_id: hospitalId,
          department_id: departmentId,
          responsible_user_ids: [actor.id],
          encounter_id: allergy.encounterId ?? null,
          recorded_by: actor.id,
          kind,
          substance_code: null,
          type: allergy.type ?? null,
          categories: [...new Set(allergy.category ?? [])],
          criticality: allergy.criticality ?? null,
          clinical_status: clinicalStatus,
          verification_status: verificationStatus,
          onset_at: allergy.onsetAt ?? null,
          ...this.views.encrypted(id, { substance: allergy.substance ?? null, reactions: allergy.reactions ?? [] }),
        });
        tx.record(new AllergyRecorded(allergySnapshot(stored)));
        return stored;
      });
      if (!row) throw new NotFoundError(...refused);
      return this.views.view(row);
    } catch (error) {
      if (error instanceof DepartmentOutOfScopeError && departmentId) {
        await this.uow.record(actor, refusedRecordWrite(actor, 'Department', departmentId));
      }
      throw assertionConflictOf(error, patientId);
    }
  }
}
