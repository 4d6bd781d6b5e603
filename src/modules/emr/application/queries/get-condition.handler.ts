import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { CONDITION_TEXTS, textsNotKept, textsThen, versionsAsOf } from '../../domain/as-of.js';
import type { ConditionSnapshot } from '../../domain/condition-events.js';
import { AGGREGATE_OF } from '../../domain/condition-vocabulary.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { DIAGNOSES, PROBLEMS } from '../condition-access.js';
import { conditionRowThen } from '../as-of-rows.js';
import { readFiledRecord, refuseFiledRecord } from '../filed-record-read.js';
import { recordVersions } from '../record-versions.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { GetCondition } from './get-condition.query.js';

/**
 * One diagnosis or problem-list entry through the patient-access contract:
 * the record and its access event in one statement (ADR 29), after asking
 * which patient it is filed under. Out of scope answers the same 404 as a
 * missing one, audited; the 404 names the record asked for, never its patient.
 * As of an instant, the version then, from the audit event store (ADR 35).
 */
@QueryHandler(GetCondition)
export class GetConditionHandler implements IQueryHandler<GetCondition, ConditionView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly views: ConditionViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, category, conditionId, asOf }: GetCondition): Promise<ConditionView> {
    const aggregate = AGGREGATE_OF[category];
    const filedUnder = await this.conditions.patientOf(this.uow.manager(), conditionId, category);
    if (!filedUnder) throw new NotFoundError(aggregate, conditionId);
    const kind = category === 'encounter-diagnosis' ? DIAGNOSES : PROBLEMS;
    const asked = { resourceType: aggregate, id: conditionId };
    const statement = (currentPatientId: string) => this.conditions.byIdFor(conditionId, category, currentPatientId, filedUnder);
    const versions = asOf
      ? versionsAsOf(await recordVersions<ConditionSnapshot>(this.queries, aggregate, conditionId), asOf)
      : undefined;
    if (asOf && !versions) return refuseFiledRecord<ConditionRow>(this.patientAccess, reader, kind, asked, filedUnder, statement);
    const record = await readFiledRecord<ConditionRow>(this.patientAccess, reader, kind, asked, filedUnder, statement, { asOf });
    if (!versions) return this.views.toView(record.row);
    const texts = textsThen(CONDITION_TEXTS, versions);
    return { ...this.views.toView(conditionRowThen(record.row, versions, texts)), textsNotKept: textsNotKept(texts) };
  }
}
