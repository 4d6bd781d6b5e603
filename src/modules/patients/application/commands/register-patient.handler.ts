import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { AccessDenied } from '@hms/authz';
import { InvalidInputError, uuidv7 } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { HospitalOutOfScopeError } from '../../domain/hospital-out-of-scope.error.js';
import { generateMrn, mrnProblem } from '../../domain/mrn.js';
import { MrnCheckDigitError } from '../../domain/mrn-check-digit.error.js';
import { MrnTakenError } from '../../domain/mrn-taken.error.js';
import { PatientCareLinked } from '../../domain/patient-care-linked.event.js';
import { checkPatientDetails, type PatientDetailChanges, type PatientDetails } from '../../domain/patient-details.js';
import { CareLinkRepository } from '../../infrastructure/care-link.repository.js';
import { PatientCipher } from '../../infrastructure/patient-cipher.js';
import { type BlindIndexes, searchInputs } from '../../infrastructure/patient-encryption.js';
import { type PatientRow, toPatientState } from '../../infrastructure/patient-row.js';
import { MRN_UNIQUE_INDEX, type NewPatientRow, PatientRepository } from '../../infrastructure/patient.repository.js';
import type { PatientReader } from '../patient-reader.js';
import { answerDuplicates, type DuplicateAnswer } from '../possible-duplicates.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { holdRegisteringHospital, newPatientRow, patientRegistered, REGISTRATION_LINK_SOURCE } from '../patient-writes.js';
import { RegisterPatient } from './register-patient.command.js';

/** Tries at a generated MRN that an imported record already holds; more than a few would mean a misconfigured prefix. */
const MRN_ATTEMPTS = 10;

/**
 * Thrown inside the registration's transaction so that it rolls back, and
 * caught outside it, where the answer is audited and turned into the 409.
 */
class DuplicatesFound extends Error {
  constructor(readonly answer: DuplicateAnswer) {
    super('possible duplicates found');
  }
}

/** Optional details left out of a registration are empty. */
function completeDetails(details: PatientDetailChanges): PatientDetailChanges {
  return {
    ...details,
    middleName: details.middleName ?? null,
    phone: details.phone ?? null,
    email: details.email ?? null,
    address: details.address ?? null,
    nationalId: details.nationalId ?? null,
    emergencyContact: details.emergencyContact ?? null,
    preferredLanguage: details.preferredLanguage ?? null,
  };
}

/**
 * Registration: checks every detail and the MRN before opening the
 * transaction; inside it, holds the registering hospital, refuses a likely duplicate
 * (serialised per name + birth date), stores the encrypted row, links the
 * registering user's department, and records PatientRegistered. The
 * refusals the audit trail must keep (the duplicate answer, a hospital out
 * of scope) are recorded after the rollback, in their own statement.
 */
@CommandHandler(RegisterPatient)
export class RegisterPatientHandler implements ICommandHandler<RegisterPatient, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly links: CareLinkRepository,
    private readonly cipher: PatientCipher,
    private readonly views: PatientViews,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ registrar, registration }: RegisterPatient): Promise<PatientView> {
    const { actor, principal } = registrar;
    const given = completeDetails(registration.details);
    checkPatientDetails(given, new Date(), true);
    const details = given as PatientDetails;
    if (registration.mrn !== undefined) this.checkSuppliedMrn(registration.mrn);
    const hospitalId = registration.registeringHospitalId ?? principal.hospitalId;
    if (!hospitalId) {
      throw new InvalidInputError('The patient has invalid fields; see errors.', [
        { field: 'registeringHospitalId', message: 'registeringHospitalId is required when you belong to no hospital' },
      ]);
    }

    const id = uuidv7();
    const newRow = newPatientRow(this.cipher, id, details, hospitalId, registration.mrn ?? '');
    let row: PatientRow;
    try {
      row = await this.uow.run(actor, async (tx) => {
        await holdRegisteringHospital(this.queries, principal, hospitalId);
        if (!registration.allowDuplicate) await this.refuseDuplicates(tx.manager, registrar, details, newRow.indexes);
        const stored = await this.insert(tx.manager, newRow, registration.mrn !== undefined);
        tx.record(patientRegistered(stored, registration.allowDuplicate));
        // The registering user's department takes care of the patient from now on (scope patients:read:department).
        if (
          principal.departmentId &&
          (await this.links.add(tx.manager, id, 'department', principal.departmentId, REGISTRATION_LINK_SOURCE))
        ) {
          tx.record(new PatientCareLinked(id, 'department', principal.departmentId, REGISTRATION_LINK_SOURCE));
        }
        return stored;
      });
    } catch (error) {
      await this.recordRefusal(registrar, hospitalId, error);
      if (error instanceof DuplicatesFound) throw error.answer.error;
      throw error;
    }
    return this.views.toView(toPatientState(row), principal.permissions, row.external_identifiers);
  }

  /**
   * After the rollback: the duplicate answer is an access to every match
   * considered (one event each, listed or counted), and a hospital out of
   * scope is a refusal. Recorded before the answer leaves: an answer that
   * cannot be audited is not given.
   */
  private async recordRefusal(registrar: PatientReader, hospitalId: string, error: unknown): Promise<void> {
    if (error instanceof DuplicatesFound) await this.uow.record(registrar.actor, ...error.answer.audit);
    if (error instanceof HospitalOutOfScopeError) {
      await this.uow.record(
        registrar.actor,
        new AccessDenied({
          userId: registrar.actor.id,
          reason: 'out-of-scope',
          permission: 'patients:register',
          resourceType: 'Hospital',
          resourceId: hospitalId,
        }),
      );
    }
  }

  private checkSuppliedMrn(mrn: string): void {
    const problem = mrnProblem(mrn);
    if (problem === 'format') {
      throw new InvalidInputError('The patient has invalid fields; see errors.', [
        { field: 'mrn', message: 'mrn must be up to 6 capital letters followed by 4 to 20 digits' },
      ]);
    }
    if (problem === 'check-digit') throw new MrnCheckDigitError();
  }

  /**
   * Looks for unmerged patients with the same first + last name and birth
   * date (under every index key), after taking a transaction lock on that
   * pair: of two identical registrations at once, the second waits, then
   * finds the first. Each match is decided against the registrar's read scope.
   */
  private async refuseDuplicates(
    db: EntityManager,
    registrar: PatientReader,
    details: PatientDetails,
    indexes: BlindIndexes,
  ): Promise<void> {
    await this.patients.lockRegistrationKey(db, `${indexes.first_last_name_bidx}:${indexes.date_of_birth_bidx}`);
    const inputs = searchInputs(details);
    const candidates = await this.patients.findDuplicates(
      db,
      this.cipher.searchHashes('firstLastName', inputs.firstLastName!),
      this.cipher.searchHashes('dateOfBirth', inputs.dateOfBirth!),
    );
    if (candidates.length > 0) throw new DuplicatesFound(answerDuplicates(registrar, candidates));
  }

  /** Inserts with the supplied MRN (409 when taken), or with the next generated one, skipping any an import took. */
  private async insert(db: EntityManager, row: NewPatientRow, supplied: boolean): Promise<PatientRow> {
    if (supplied) {
      try {
        return (await this.patients.insert(db, row, false))!;
      } catch (error) {
        if (sqlStateOf(error) === '23505' && constraintOf(error) === MRN_UNIQUE_INDEX) throw new MrnTakenError();
        throw error;
      }
    }
    for (let attempt = 0; attempt < MRN_ATTEMPTS; attempt += 1) {
      const mrn = generateMrn(this.config.patients.mrnPrefix, BigInt(await this.patients.nextMrnNumber(db)));
      const inserted = await this.patients.insert(db, { ...row, mrn }, true);
      if (inserted) return inserted;
    }
    throw new Error(`No free medical record number after ${MRN_ATTEMPTS} attempts`);
  }
}
