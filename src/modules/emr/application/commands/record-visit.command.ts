import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';

/** A past visit as another system reports it (the intake pipeline, issue 18). */
export interface PastVisit {
  readonly hospitalId: string;
  readonly departmentId: string;
  /** The sender's visit number: 4 to 40 letters (either case), digits, `-`, `/` or `.`, starting with a letter or digit; kept as sent. */
  readonly accountNumber: string;
  /** YYYY-MM-DD, in the hospital's calendar; not after its today. */
  readonly visitDate: string;
  /** Clinical free text: encrypted at rest, never in an event, a log line or a problem. */
  readonly reasonText: string;
}

/** `added`: recorded now; `duplicate`: the hospital already held this visit (same number, patient, date and reason), nothing written. */
export type VisitOutcome = 'added' | 'duplicate';

/**
 * Records a past visit as a finished ambulatory (AMB) encounter (ADR 39),
 * inserted, never updated; joins the caller's unit of work. The same number
 * held for anything else answers 409 EMR.VISIT_NUMBER_CONFLICT.
 */
export class RecordVisit extends Command<{ encounterId: string; outcome: VisitOutcome }> {
  constructor(
    readonly writer: PatientEditor,
    readonly patientId: string,
    readonly visit: PastVisit,
  ) {
    super();
  }
}
