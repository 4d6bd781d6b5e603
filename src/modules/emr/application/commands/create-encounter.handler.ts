import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { GetDepartment, GetHospital } from '../../../hospitals/index.js';
import { ResolvePatientAccess } from '../../../patients/index.js';
import { AccountNumberTakenError } from '../../domain/account-number-taken.error.js';
import { generateAccountNumber, isValidAccountNumber } from '../../domain/account-number.js';
import { DepartmentOutOfScopeError } from '../../domain/department-out-of-scope.error.js';
import { EncounterPlanned, EncounterStarted } from '../../domain/encounter-events.js';
import { initialPeriod } from '../../domain/encounter-lifecycle.js';
import { responsibleUsersOf } from '../../domain/encounter-state.js';
import { PatientMergedError } from '../../domain/patient-merged.error.js';
import { UnknownServiceProviderError } from '../../domain/unknown-service-provider.error.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { ACCOUNT_NUMBER_UNIQUE, EncounterRepository, type NewEncounterRow } from '../../infrastructure/encounter.repository.js';
import { mayWrite, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { linkCare, refusedWrite, scopedRecordOf, snapshotOfRow } from '../encounter-writes.js';
import { checkPractitioners } from '../practitioner-references.js';
import { CreateEncounter } from './create-encounter.command.js';

/** Tries at a generated account number that an external one already holds. */
const ACCOUNT_NUMBER_ATTEMPTS = 10;

/**
 * Records an encounter in one transaction: the patient must exist within the
 * writer's patients:read scope (404, audited, otherwise) and not be merged
 * (409 naming the surviving record); the hospital is held and the department
 * must be one of its own; the practitioners are checked through auth's
 * contract; the new encounter must lie within the writer's emr:write scope
 * (422, audited). The patient is linked to the encounter's hospital,
 * department and users, which also holds the patient against a merge until
 * the commit, then the row and its first event are written.
 */
@CommandHandler(CreateEncounter)
export class CreateEncounterHandler implements ICommandHandler<CreateEncounter, EncounterView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
    private readonly views: EncounterViews,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, patientId, encounter }: CreateEncounter): Promise<EncounterView> {
    const { actor, principal } = writer;
    const now = new Date();
    const periodStart = initialPeriod(encounter.status, encounter.periodStart, now);
    const hospitalId = encounter.hospitalId ?? principal.hospitalId;
    const departmentId = encounter.departmentId ?? principal.departmentId;
    const missing = [
      ...(hospitalId ? [] : [{ field: 'hospitalId', message: 'hospitalId is required when you belong to no hospital' }]),
      ...(departmentId ? [] : [{ field: 'departmentId', message: 'departmentId is required when you belong to no department' }]),
      ...(encounter.accountNumber === undefined || isValidAccountNumber(encounter.accountNumber)
        ? []
        : [
            {
              field: 'accountNumber',
              message: 'accountNumber must be 4 to 40 capitals, digits, -, / or ., starting with a capital or digit',
            },
          ]),
    ];
    if (!hospitalId || !departmentId || missing.length > 0) {
      throw new InvalidInputError('The encounter has invalid fields; see errors.', missing);
    }
    const attendingPractitionerId = encounter.attendingPractitionerId ?? null;
    const careTeamIds = [...new Set(encounter.careTeamIds ?? [])].filter((id) => id !== attendingPractitionerId);
    const id = uuidv7();
    const reasonText = this.cipher.encrypt(id, 'reason_text', encounter.reasonText ?? null);

    let row: EncounterRow | undefined;
    try {
      row = await this.uow.run(actor, async (tx) => {
        const patient = await this.queries.execute(new ResolvePatientAccess(writer, patientId));
        if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
        if (!patient.allowed || patient.emergencyGrantId) {
          // Committed alone, so the refusal is audited although the request fails.
          tx.record(refusedWrite(actor, 'Patient', patientId));
          return undefined;
        }
        if (patient.currentPatientId !== patientId) throw new PatientMergedError(patientId, patient.currentPatientId);
        await this.holdServiceProvider(hospitalId, departmentId);
        await checkPractitioners(this.queries, hospitalId, { attendingPractitionerId, careTeamIds });
        const users = { attendingPractitionerId, careTeamIds };
        if (!mayWrite(principal, { patientId, hospitalId, departmentId, responsibleUserIds: responsibleUsersOf(users) })) {
          throw new DepartmentOutOfScopeError(hospitalId, departmentId);
        }
        const linkedTo = await linkCare(this.commands, actor, patientId, { hospitalId, departmentId, users });
        // Merged between the question and the lock: the merge committed first.
        if (linkedTo !== patientId) throw new PatientMergedError(patientId, linkedTo);
        const stored = await this.insert(
          tx.manager,
          {
            id,
            patientId,
            hospitalId,
            departmentId,
            class: encounter.class,
            status: encounter.status,
            attendingPractitionerId,
            careTeamIds,
            accountNumber: encounter.accountNumber ?? '',
            reasonText,
            piiKeyId: reasonText === null ? null : this.cipher.activeKeyId,
            periodStart,
          },
          encounter.accountNumber !== undefined,
        );
        const snapshot = snapshotOfRow(stored);
        tx.record(stored.status === 'planned' ? new EncounterPlanned(snapshot) : new EncounterStarted(1, snapshot));
        return stored;
      });
    } catch (error) {
      if (error instanceof DepartmentOutOfScopeError)
        await this.uow.record(actor, refusedWrite(actor, 'Department', departmentId));
      throw error;
    }
    if (!row) throw new NotFoundError('Patient', patientId);
    return this.views.toView(row, showsClinicalContent(principal, scopedRecordOf(row)));
  }

  /** The hospital exists (held until the commit, so its batch cannot be deleted under the encounter) and the department is its own. */
  private async holdServiceProvider(hospitalId: string, departmentId: string): Promise<void> {
    try {
      await this.queries.execute(new GetHospital(hospitalId, true));
      await this.queries.execute(new GetDepartment(hospitalId, departmentId));
    } catch (error) {
      if (error instanceof NotFoundError) throw new UnknownServiceProviderError(hospitalId, departmentId);
      throw error;
    }
  }

  /** Inserts with the supplied number (409 when taken), or with the next generated one, skipping any an external system took. */
  private async insert(db: EntityManager, row: NewEncounterRow, supplied: boolean): Promise<EncounterRow> {
    if (supplied) {
      try {
        return (await this.encounters.insert(db, row, false))!;
      } catch (error) {
        if (sqlStateOf(error) === '23505' && constraintOf(error) === ACCOUNT_NUMBER_UNIQUE) throw new AccountNumberTakenError();
        throw error;
      }
    }
    for (let attempt = 0; attempt < ACCOUNT_NUMBER_ATTEMPTS; attempt += 1) {
      const accountNumber = generateAccountNumber(BigInt(await this.encounters.nextAccountNumber(db)));
      const inserted = await this.encounters.insert(db, { ...row, accountNumber }, true);
      if (inserted) return inserted;
    }
    throw new Error(`No free visit account number after ${ACCOUNT_NUMBER_ATTEMPTS} attempts`);
  }
}
