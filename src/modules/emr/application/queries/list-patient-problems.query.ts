import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { ClinicalStatus } from '../../domain/condition-vocabulary.js';
import type { ConditionPage } from '../condition-view.js';
import type { ConditionListPage } from './list-encounter-diagnoses.query.js';

export interface ProblemListFilter extends ConditionListPage {
  readonly clinicalStatus?: ClinicalStatus;
}

export class ListPatientProblems extends Query<ConditionPage> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
    readonly filter: ProblemListFilter,
  ) {
    super();
  }
}
