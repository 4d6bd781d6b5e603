import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { constraintOf, sqlStateOf } from '../../../../infrastructure/database/sql-state.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AccountNumberTakenError } from '../../domain/account-number-taken.error.js';
import { ACCOUNT_NUMBER_FORMAT, generateAccountNumber, isValidAccountNumber } from '../../domain/account-number.js';
import { EncounterPlanned, EncounterStarted } from '../../domain/encounter-events.js';
import { initialPeriod } from '../../domain/encounter-lifecycle.js';
import { PatientMergedError } from '../../domain/patient-merged.error.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { ACCOUNT_NUMBER_UNIQUE, EncounterRepository, type NewEncounterRow } from '../../infrastructure/encounter.repository.js';
import { admitNewEncounter, auditingScopeRefusal } from '../encounter-admission.js';
import { showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { linkCare, scopedRecordOf, snapshotOfRow } from '../encounter-writes.js';
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
        : [{ field: 'accountNumber', message: `accountNumber must be ${ACCOUNT_NUMBER_FORMAT}` }]),
    ];
    if (!hospitalId || !departmentId || missing.length > 0) {
      throw new InvalidInputError('The encounter has invalid fields; see errors.', missing);
    }
    const attendingPractitionerId = encounter.attendingPractitionerId ?? null;
    const careTeamIds = [...new Set(encounter.careTeamIds ?? [])].filter((id) => id !== attendingPractitionerId);
    const id = uuidv7();
    const reasonText = this.cipher.encrypt(id, 'reason_text', encounter.reasonText ?? null);

    const users = { attendingPractitionerId, careTeamIds };
    const row = await auditingScopeRefusal(this.uow, actor, departmentId, () =>
      this.uow.run(actor, async (tx): Promise<EncounterRow | undefined> => {
        // Undefined when refused: committed alone, so the refusal is audited although the request fails.
        if (!(await admitNewEncounter(this.queries, tx, writer, patientId, { hospitalId, departmentId, users })))
          return undefined;
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
      }),
    );
    if (!row) throw new NotFoundError('Patient', patientId);
    return this.views.toView(row, showsClinicalContent(principal, scopedRecordOf(row)));
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
