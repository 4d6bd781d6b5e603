import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { ConditionCategory } from '../../domain/condition-vocabulary.js';
import type { ConditionView } from '../condition-view.js';

/** One diagnosis (GET /diagnoses/{id}) or problem-list entry (GET /problems/{id}). */
export class GetCondition extends Query<ConditionView> {
  constructor(
    readonly reader: PatientReader,
    readonly category: ConditionCategory,
    readonly conditionId: string,
    /** The record as it stood at this instant (not in the future); the current record when left out. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
