import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, patientWideIdsOf, ResolvePatientAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { CONDITION_SCOPE_COLUMNS, PROBLEMS, refusedAs, scopedConditionOf } from '../condition-access.js';
import type { ConditionPage } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { ListPatientProblems } from './list-patient-problems.query.js';

type ListedCondition = PatientScopedRecord & { readonly row: ConditionRow };

/**
 * A patient's problem list, newest first, keyset-paginated, optionally of
 * one clinical status, filtered in SQL by the reader's emr:read scopes over
 * each entry's own columns (each served audited as emr.problems). A merged
 * id lists the surviving record's. A patient the reader may not read and of
 * whom no entry is in scope answers 404, audited, as a GET of the patient would.
 */
@QueryHandler(ListPatientProblems)
export class ListPatientProblemsHandler implements IQueryHandler<ListPatientProblems, ConditionPage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly views: ConditionViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientId, filter }: ListPatientProblems): Promise<ConditionPage> {
    const after = filter.cursor === undefined ? undefined : decodeEncounterCursor(filter.cursor);
    const patient = await this.queries.execute(
      new ResolvePatientAccess(reader, patientId, { withMerged: true, patientWide: PROBLEMS.resource }),
    );
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
    const { patientIds } = patient;
    let hasMore = false;
    const served = await this.patientAccess.list<ListedCondition>(
      reader,
      PROBLEMS,
      CONDITION_SCOPE_COLUMNS,
      async (scope) => {
        const rows = await this.conditions.list(
          this.uow.manager(),
          { category: 'problem-list-item', patientIds, clinicalStatus: filter.clinicalStatus, after, limit: filter.limit },
          scope,
        );
        hasMore = rows.length > filter.limit;
        return rows.slice(0, filter.limit).map((row) => ({ ...scopedConditionOf(row), row }));
      },
      1,
      { patientWide: { patientIds: patientWideIdsOf(patient) } },
    );
    if (served.length === 0 && !patient.allowed) {
      await this.uow.record(reader.actor, refusedAs(reader.actor, 'emr:read', 'Patient', patientId));
      throw new NotFoundError('Patient', patientId);
    }
    const last = served[served.length - 1];
    return {
      items: served.map((record) => this.views.toView(record.row)),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}
