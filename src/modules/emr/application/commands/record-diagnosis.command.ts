import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ClinicalStatus, VerificationStatus } from '../../domain/condition-vocabulary.js';
import type { ConditionView } from '../condition-view.js';

export interface NewDiagnosis {
  /** Normalised ICD-10 code. */
  readonly code: string;
  /** Required while no catalogue is loaded; the catalogue's otherwise. */
  readonly display?: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  readonly primary: boolean;
  /** Clinical free text: encrypted at rest, never in an event, a log line or a problem. */
  readonly note?: string;
  /** Only on a finished encounter: why the diagnosis is recorded late. */
  readonly lateEntryReason?: string;
}

/** Records a diagnosis on an encounter. */
export class RecordDiagnosis extends Command<ConditionView> {
  constructor(
    readonly writer: PatientEditor,
    readonly encounterId: string,
    readonly diagnosis: NewDiagnosis,
  ) {
    super();
  }
}
