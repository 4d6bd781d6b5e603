import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { PastVisit, VisitOutcome } from './record-visit.command.js';

/** One visit of a set, and the patient it is recorded for. */
export interface PatientVisit {
  readonly patientId: string;
  readonly visit: PastVisit;
}

/**
 * Part of the EMR's public contract (the intake pipeline's chunks):
 * RecordVisit for several visits of one hospital and department, each
 * account number named once, in the caller's unit of work and a constant
 * number of statements, with the same outcomes, rows and events. Either
 * every visit is applied (answered in the order given) or
 * NotAppliedAsSetError or a DomainError is thrown with nothing audited and
 * the caller's savepoint to roll back: the caller then sends them one by one
 * through RecordVisit, which refuses, audits and answers each.
 */
export class RecordVisits extends Command<{ encounterId: string; outcome: VisitOutcome }[]> {
  constructor(
    readonly writer: PatientEditor,
    readonly visits: readonly PatientVisit[],
  ) {
    super();
  }
}
