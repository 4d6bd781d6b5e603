import { CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { dateInTimeZone, NotAppliedAsSetError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { LinkPatientsCare, ResolvePatientsAccess } from '../../../patients/index.js';
import { assertValidVisit, compareWithHeld, visitPeriod } from '../../domain/past-visit.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import { EncounterRepository, type NewEncounterRow } from '../../infrastructure/encounter.repository.js';
import { mayWrite } from '../encounter-access.js';
import { holdServiceProvider } from '../encounter-admission.js';
import { CARE_LINK_SOURCE } from '../encounter-writes.js';
import { pastVisitEvents, pastVisitRow } from '../past-visits.js';
import type { VisitOutcome } from './record-visit.command.js';
import { RecordVisits } from './record-visits.command.js';

type RecordedVisit = { encounterId: string; outcome: VisitOutcome };

/**
 * RecordVisit for a set (ADR 41): the patients' access in one query, the
 * hospital held and the department checked once, the held account numbers
 * read in one statement (the same visit again is a duplicate, as one by
 * one), the new encounters inserted in one statement, and their patients
 * linked to the hospital and department through LinkPatientsCare. Whatever
 * RecordVisit would refuse or audit throws before anything is written: a
 * patient out of reach or merged, a department out of scope, a number held
 * for anything but this visit, a number taken meanwhile.
 */
@CommandHandler(RecordVisits)
export class RecordVisitsHandler implements ICommandHandler<RecordVisits, RecordedVisit[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ writer, visits }: RecordVisits): Promise<RecordedVisit[]> {
    if (visits.length === 0) return [];
    const { actor, principal } = writer;
    const { hospitalId, departmentId } = visits[0].visit;
    const numbers = visits.map(({ visit }) => visit.accountNumber);
    if (visits.some(({ visit }) => visit.hospitalId !== hospitalId || visit.departmentId !== departmentId)) {
      throw new NotAppliedAsSetError('several hospitals or departments');
    }
    if (new Set(numbers).size < numbers.length) throw new NotAppliedAsSetError('an account number named twice');
    for (const { visit } of visits) assertValidVisit(visit);
    const patientIds = [...new Set(visits.map((visit) => visit.patientId))];

    return this.uow.run(actor, async (tx) => {
      const access = await this.queries.execute(new ResolvePatientsAccess(writer, patientIds));
      for (const patientId of patientIds) {
        const answer = access.get(patientId);
        if (!answer?.allowed || answer.emergencyGrantId || answer.currentPatientId !== patientId) {
          throw new NotAppliedAsSetError('a patient RecordVisit refuses');
        }
        if (!mayWrite(principal, { patientId, hospitalId, departmentId, responsibleUserIds: [] })) {
          throw new NotAppliedAsSetError('a department out of scope');
        }
      }
      const hospital = await holdServiceProvider(this.queries, hospitalId, departmentId);
      const now = new Date();
      const held = await this.encounters.byAccountNumbers(tx.manager, hospitalId, numbers);
      const outcomes = new Map<string, RecordedVisit>();
      const rows: NewEncounterRow[] = [];
      for (const { patientId, visit } of visits) {
        const period = visitPeriod(visit.visitDate, hospital.timeZone, now);
        const holder = held.get(visit.accountNumber);
        if (!holder) {
          rows.push(pastVisitRow(this.cipher, uuidv7(), patientId, visit, period));
          continue;
        }
        // Held under another record (perhaps one merged into this patient): RecordVisit decides that one.
        if (holder.patient_id !== patientId) throw new NotAppliedAsSetError('a number held under another record');
        const outcome = compareWithHeld(
          {
            samePatient: true,
            visitDate: holder.period_start && dateInTimeZone(holder.period_start, hospital.timeZone),
            reasonText: this.cipher.decrypt(holder.id, 'reason_text', holder.reason_text),
          },
          visit,
        );
        if (outcome !== 'duplicate') throw new NotAppliedAsSetError('a number held for another visit');
        outcomes.set(visit.accountNumber, { encounterId: holder.id, outcome });
      }
      if (rows.length > 0) {
        const inserted = await this.encounters.insertMany(tx.manager, rows);
        if (inserted.length < rows.length) throw new NotAppliedAsSetError('a number taken meanwhile');
        const wanted = [...new Set(rows.map((row) => row.patientId))].flatMap((patientId) => [
          { patientId, kind: 'hospital' as const, refId: hospitalId, source: CARE_LINK_SOURCE },
          { patientId, kind: 'department' as const, refId: departmentId, source: CARE_LINK_SOURCE },
        ]);
        const linked = await this.commands.execute(new LinkPatientsCare(actor, wanted));
        // Merged between the question and the lock: RecordVisit answers that one.
        if (linked.some((link, i) => link.patientId !== wanted[i].patientId)) {
          throw new NotAppliedAsSetError('a patient merged meanwhile');
        }
        const byNumber = new Map(inserted.map((row) => [row.account_number, row]));
        for (const row of rows) {
          const stored = byNumber.get(row.accountNumber)!;
          tx.record(...pastVisitEvents(stored));
          outcomes.set(row.accountNumber, { encounterId: stored.id, outcome: 'added' });
        }
      }
      return numbers.map((number) => outcomes.get(number)!);
    });
  }
}
