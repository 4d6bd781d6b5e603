import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ClinicalStatus, ConditionCategory, VerificationStatus } from '../../domain/condition-vocabulary.js';
import type { ConditionView } from '../condition-view.js';

/** Fields left undefined stay; null clears a date or the note. */
export interface ConditionChanges {
  readonly clinicalStatus?: ClinicalStatus;
  readonly verificationStatus?: VerificationStatus;
  readonly primary?: boolean;
  readonly onsetDate?: string | null;
  readonly abatementDate?: string | null;
  readonly note?: string | null;
}

/** PATCH /diagnoses/{id} or /problems/{id}, under If-Match. */
export class UpdateCondition extends Command<ConditionView> {
  constructor(
    readonly writer: PatientEditor,
    readonly category: ConditionCategory,
    readonly conditionId: string,
    readonly expectedVersion: number | undefined,
    readonly changes: ConditionChanges,
  ) {
    super();
  }
}
