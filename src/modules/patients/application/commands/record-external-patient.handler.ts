import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessDenied } from '@hms/authz';
import { ConflictError, InvalidInputError, NotFoundError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { type ExternalIdentifier, externalIdentifierProblems, externalPatientChanges } from '../../domain/external-identifier.js';
import { HospitalOutOfScopeError } from '../../domain/hospital-out-of-scope.error.js';
import { PatientIdentifierAdded } from '../../domain/patient-identifier-added.event.js';
import { PatientPermissionRequiredError } from '../../domain/patient-permission-required.error.js';
import { PATIENT_IDENTIFIER_KEY, PatientIdentifierRepository } from '../../infrastructure/patient-identifier.repository.js';
import { type PatientRowWithLinks, toPatientState } from '../../infrastructure/patient-row.js';
import { mayChange, outOfScope, readDecision, readsAllPatients, scopedSubjectOf } from '../patient-read-access.js';
import type { PatientEditor } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { RegisterPatient } from './register-patient.command.js';
import { type ExternalPatientOutcome, RecordExternalPatient } from './record-external-patient.command.js';
import { UpdatePatient } from './update-patient.command.js';

type Recorded = { patientId: string; outcome: ExternalPatientOutcome };

/** Reads of a holder that a merge moved on meanwhile; more would mean merges chaining faster than a lookup. */
const HOLDER_ATTEMPTS = 5;

/**
 * One record of a feed, in one unit of work (the caller's, when one is
 * open): the identifier's advisory lock, then its holder locked; a holder
 * gets the names and birth date that differ through UpdatePatient, and no
 * holder means RegisterPatient (at the assigner, sex unknown, duplicates
 * allowed: the identifier is the identity) plus the identifier row. The
 * writer needs patients:register and patients:update, the assigner as their
 * own hospital unless they read every patient, and the holder within their
 * scope; each refusal is audited as the guard and UpdatePatient audit theirs.
 */
@CommandHandler(RecordExternalPatient)
export class RecordExternalPatientHandler implements ICommandHandler<RecordExternalPatient, Recorded> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly identifiers: PatientIdentifierRepository,
    private readonly views: PatientViews,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, record }: RecordExternalPatient): Promise<Recorded> {
    const identifier: ExternalIdentifier = { assignerHospitalId: record.assignerHospitalId, value: record.value };
    const problems = externalIdentifierProblems(identifier);
    if (problems.length > 0) throw new InvalidInputError('The external identifier is invalid; see errors.', problems);
    await this.refuseUnlessAllowed(writer, identifier.assignerHospitalId);

    const result = await this.uow.run(writer.actor, async (tx): Promise<Recorded | { refused: true }> => {
      await this.identifiers.lockIdentifier(tx.manager, identifier);
      const holder = await this.currentHolder(tx.manager, identifier);
      if (!holder) {
        const patient = await this.register(writer, record);
        await this.addIdentifier(tx.manager, patient.id, identifier);
        tx.record(new PatientIdentifierAdded(patient.id, identifier.assignerHospitalId, identifier.value));
        return { patientId: patient.id, outcome: 'created' };
      }
      if (!mayChange(readDecision(writer.ability, writer.principal, scopedSubjectOf(holder)))) {
        // Kept with the unit of work (committed when it is this command's own), as UpdatePatient keeps its refusal.
        tx.record(outOfScope(writer.actor.id, holder.id, 'patients:update'));
        return { refused: true };
      }
      const stored = this.views.decrypt(toPatientState(holder));
      const changes = externalPatientChanges(stored, {
        firstName: record.firstName,
        lastName: record.lastName,
        dateOfBirth: record.birthDate,
      });
      if (Object.keys(changes).length === 0) return { patientId: holder.id, outcome: 'unchanged' };
      await this.commands.execute(new UpdatePatient(writer, holder.id, holder.version, changes));
      return { patientId: holder.id, outcome: 'updated' };
    });
    // Named by what the caller asked for, as UpdatePatient names the id it was given: not the holder's id.
    if ('refused' in result) throw new NotFoundError('Patient', `${identifier.assignerHospitalId}|${identifier.value}`);
    return result;
  }

  /**
   * What the route guard and RegisterPatient would refuse, refused before
   * anything is looked up, so the answer never depends on whether the
   * identifier is known.
   */
  private async refuseUnlessAllowed({ actor, principal, ability }: PatientEditor, hospitalId: string): Promise<void> {
    const missing = (['register', 'update'] as const).find((action) => !ability.can(action, 'patients'));
    if (missing) {
      const permission = `patients:${missing}`;
      await this.uow.record(actor, new AccessDenied({ userId: actor.id, reason: 'missing-permission', permission }));
      throw new PatientPermissionRequiredError(permission);
    }
    if (hospitalId !== principal.hospitalId && !readsAllPatients(principal)) {
      await this.uow.record(
        actor,
        new AccessDenied({
          userId: actor.id,
          reason: 'out-of-scope',
          permission: 'patients:register',
          resourceType: 'Hospital',
          resourceId: hospitalId,
        }),
      );
      throw new HospitalOutOfScopeError(hospitalId);
    }
  }

  /** The current holder, locked: a holder merged while this waited has passed the identifier on, so it is read again. */
  private async currentHolder(db: EntityManager, identifier: ExternalIdentifier): Promise<PatientRowWithLinks | undefined> {
    for (let attempt = 0; attempt < HOLDER_ATTEMPTS; attempt += 1) {
      const holder = await this.identifiers.lockHolder(db, identifier);
      if (!holder || holder.status !== 'merged') return holder;
    }
    throw new Error(`The holder of an external identifier was merged ${HOLDER_ATTEMPTS} times while it was read`);
  }

  private register(writer: PatientEditor, record: RecordExternalPatient['record']): Promise<PatientView> {
    return this.commands.execute(
      // allowDuplicate skips the duplicate check, the only part of a registration that reads (and needs a purpose).
      new RegisterPatient(
        { ...writer, purposeOfUse: 'PATADMIN' },
        {
          details: { firstName: record.firstName, lastName: record.lastName, dateOfBirth: record.birthDate, sex: 'unknown' },
          registeringHospitalId: record.assignerHospitalId,
          allowDuplicate: true,
        },
      ),
    );
  }

  private async addIdentifier(db: EntityManager, patientId: string, identifier: ExternalIdentifier): Promise<void> {
    try {
      await this.identifiers.add(db, patientId, identifier);
    } catch (error) {
      // Only when the caller's transaction reads one snapshot (REPEATABLE READ): the lock then cannot show the other's commit.
      if (sqlStateOf(error) === '23505' && constraintOf(error) === PATIENT_IDENTIFIER_KEY) {
        throw new ConflictError('Another patient was given this external identifier at the same time; try again');
      }
      throw error;
    }
  }
}
