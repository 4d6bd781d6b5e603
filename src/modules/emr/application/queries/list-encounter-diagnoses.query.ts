import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { ConditionPage } from '../condition-view.js';

export interface ConditionListPage {
  /** A nextCursor of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export class ListEncounterDiagnoses extends Query<ConditionPage> {
  constructor(
    readonly reader: PatientReader,
    readonly encounterId: string,
    readonly page: ConditionListPage,
  ) {
    super();
  }
}
