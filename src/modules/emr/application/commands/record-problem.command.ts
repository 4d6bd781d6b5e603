import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ClinicalStatus, VerificationStatus } from '../../domain/condition-vocabulary.js';
import type { ConditionView } from '../condition-view.js';

export interface NewProblem {
  /** Normalised ICD-10 code. */
  readonly code: string;
  /** Required while no catalogue is loaded; the catalogue's otherwise. */
  readonly display?: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  /** YYYY-MM-DD. */
  readonly onsetDate?: string;
  readonly abatementDate?: string;
  /** Clinical free text: encrypted at rest, never in an event, a log line or a problem. */
  readonly note?: string;
  /** The encounter it was recorded from: the patient's, within the writer's emr:write scope. */
  readonly encounterId?: string;
}

/** Adds an entry to a patient's problem list. */
export class RecordProblem extends Command<ConditionView> {
  constructor(
    readonly writer: PatientEditor,
    readonly patientId: string,
    readonly problem: NewProblem,
  ) {
    super();
  }
}
