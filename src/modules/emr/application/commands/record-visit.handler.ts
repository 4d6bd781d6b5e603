import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { dateInTimeZone, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ResolvePatientAccess } from '../../../patients/index.js';
import { assertValidVisit, compareWithHeld, visitPeriod } from '../../domain/past-visit.js';
import { PatientMergedError } from '../../domain/patient-merged.error.js';
import { VisitNumberConflictError } from '../../domain/visit-number-conflict.error.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { admitNewEncounter, auditingScopeRefusal } from '../encounter-admission.js';
import { linkCare } from '../encounter-writes.js';
import { NO_USERS, pastVisitEvents, pastVisitRow } from '../past-visits.js';
import { type PastVisit, RecordVisit, type VisitOutcome } from './record-visit.command.js';

type RecordedVisit = { encounterId: string; outcome: VisitOutcome };

/**
 * Records a visit another system reports as a finished AMB encounter (ADR
 * 39), in the caller's unit of work when one is open: the checks of every
 * new encounter first (admitNewEncounter), then the account number. Held
 * already: the same patient, date and reason is a duplicate (nothing
 * written, the held encounter's id answered), anything else a 409. Free:
 * inserted with ON CONFLICT DO NOTHING, so of two at once the second waits
 * for the first's commit and then compares with it instead of failing the
 * caller's transaction; only then is the patient linked to the hospital and
 * department (the key-share lock a merge waits for), so a duplicate writes
 * nothing at all. The events are those of an encounter recorded in progress
 * and finished: EncounterStarted (version 1) and EncounterFinished (2).
 */
@CommandHandler(RecordVisit)
export class RecordVisitHandler implements ICommandHandler<RecordVisit, RecordedVisit> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, patientId, visit }: RecordVisit): Promise<RecordedVisit> {
    assertValidVisit(visit);
    const { actor } = writer;
    const { hospitalId, departmentId, accountNumber } = visit;
    const place = { hospitalId, departmentId, users: NO_USERS };
    const id = uuidv7();
    const recorded = await auditingScopeRefusal(this.uow, actor, departmentId, () =>
      this.uow.run(actor, async (tx): Promise<RecordedVisit | undefined> => {
        const hospital = await admitNewEncounter(this.queries, tx, writer, patientId, place);
        if (!hospital) return undefined;
        const period = visitPeriod(visit.visitDate, hospital.timeZone, new Date());
        const held = await this.encounters.byAccountNumber(tx.manager, hospitalId, accountNumber);
        if (held) return this.sentAgain(writer, patientId, visit, held, hospital.timeZone);
        const row = await this.encounters.insert(tx.manager, pastVisitRow(this.cipher, id, patientId, visit, period), true);
        if (!row) {
          // Taken since the look by a unit of work that has now committed: this one compares with it.
          const winner = await this.encounters.byAccountNumber(tx.manager, hospitalId, accountNumber);
          if (!winner) throw new Error('A visit account number was taken by no encounter that can be read');
          return this.sentAgain(writer, patientId, visit, winner, hospital.timeZone);
        }
        const linkedTo = await linkCare(this.commands, actor, patientId, place);
        // Merged between the question and the lock: the merge committed first (the row goes with the rollback).
        if (linkedTo !== patientId) throw new PatientMergedError(patientId, linkedTo);
        tx.record(...pastVisitEvents(row));
        return { encounterId: row.id, outcome: 'added' };
      }),
    );
    if (!recorded) throw new NotFoundError('Patient', patientId);
    return recorded;
  }

  /** The number is held: the same visit again is a duplicate, anything else a conflict. */
  private async sentAgain(
    writer: RecordVisit['writer'],
    patientId: string,
    visit: PastVisit,
    held: EncounterRow,
    timeZone: string,
  ): Promise<RecordedVisit> {
    // A record merged into this patient may still hold its encounters until the merge's move has run.
    const samePatient =
      held.patient_id === patientId ||
      (await this.queries.execute(new ResolvePatientAccess(writer, patientId, { withMerged: true }))).patientIds.includes(
        held.patient_id,
      );
    const outcome = compareWithHeld(
      {
        samePatient,
        visitDate: held.period_start && dateInTimeZone(held.period_start, timeZone),
        // Another patient's reason is never decrypted here.
        reasonText: samePatient ? this.cipher.decrypt(held.id, 'reason_text', held.reason_text) : null,
      },
      visit,
    );
    if (outcome !== 'duplicate') throw new VisitNumberConflictError(outcome);
    return { encounterId: held.id, outcome };
  }
}
