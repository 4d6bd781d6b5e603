import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { AGGREGATE_OF } from '../../domain/condition-vocabulary.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { DIAGNOSES, PROBLEMS } from '../condition-access.js';
import { readFiledRecord } from '../filed-record-read.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { GetCondition } from './get-condition.query.js';

/**
 * One diagnosis or problem-list entry through the patient-access contract:
 * the record and its access event in one statement (ADR 29), after asking
 * which patient it is filed under. Out of scope answers the same 404 as a
 * missing one, audited; the 404 names the record asked for, never its patient.
 */
@QueryHandler(GetCondition)
export class GetConditionHandler implements IQueryHandler<GetCondition, ConditionView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly views: ConditionViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, category, conditionId }: GetCondition): Promise<ConditionView> {
    const aggregate = AGGREGATE_OF[category];
    const filedUnder = await this.conditions.patientOf(this.uow.manager(), conditionId, category);
    if (!filedUnder) throw new NotFoundError(aggregate, conditionId);
    const record = await readFiledRecord<ConditionRow>(
      this.patientAccess,
      reader,
      category === 'encounter-diagnosis' ? DIAGNOSES : PROBLEMS,
      { resourceType: aggregate, id: conditionId },
      filedUnder,
      (currentPatientId) => this.conditions.byIdFor(conditionId, category, currentPatientId, filedUnder),
    );
    return this.views.toView(record.row);
  }
}
