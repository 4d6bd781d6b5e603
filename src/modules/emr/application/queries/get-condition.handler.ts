import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, type RecordedLoad } from '../../../patients/index.js';
import { AGGREGATE_OF } from '../../domain/condition-vocabulary.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { DIAGNOSES, PROBLEMS } from '../condition-access.js';
import type { ConditionView } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { GetCondition } from './get-condition.query.js';

type LoadedCondition = PatientScopedRecord & { readonly row: ConditionRow };

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
    const load: RecordedLoad<LoadedCondition> = {
      statement: (currentPatientId) => this.conditions.byIdFor(conditionId, category, currentPatientId, filedUnder),
      columns: {
        patientId: 'r.current_patient_id',
        hospitalId: 'r.hospital_id',
        departmentId: 'r.department_id',
        responsibleUserIds: 'r.responsible_user_ids',
      },
      toRecord: (loaded) => {
        const row = loaded as unknown as ConditionRow & { current_patient_id: string };
        return {
          patientId: row.current_patient_id,
          hospitalId: row.hospital_id,
          departmentId: row.department_id,
          responsibleUserIds: row.responsible_user_ids,
          row,
        };
      },
    };
    try {
      const record = await this.patientAccess.read(
        reader,
        filedUnder,
        category === 'encounter-diagnosis' ? DIAGNOSES : PROBLEMS,
        load,
      );
      return this.views.toView(record.row);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(aggregate, conditionId);
      throw error;
    }
  }
}
