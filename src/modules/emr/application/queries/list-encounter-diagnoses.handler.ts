import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import type { ConditionRow } from '../../infrastructure/condition-row.js';
import { ConditionRepository } from '../../infrastructure/condition.repository.js';
import { CONDITION_SCOPE_COLUMNS, DIAGNOSES, mayReadClinical, refusedAs, scopedConditionOf } from '../condition-access.js';
import type { ConditionPage } from '../condition-view.js';
import { ConditionViews } from '../condition-views.js';
import { ListEncounterDiagnoses } from './list-encounter-diagnoses.query.js';

type ListedCondition = PatientScopedRecord & { readonly row: ConditionRow };

/**
 * An encounter's diagnoses, newest first, keyset-paginated, through the
 * patient-access contract under emr:read (each one served audited as
 * emr.diagnoses). Diagnoses carry their encounter's scope columns, so an
 * encounter outside the reader's emr:read answers 404 like a missing one,
 * the refusal audited, whether it has diagnoses or not.
 */
@QueryHandler(ListEncounterDiagnoses)
export class ListEncounterDiagnosesHandler implements IQueryHandler<ListEncounterDiagnoses, ConditionPage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly conditions: ConditionRepository,
    private readonly views: ConditionViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, encounterId, page }: ListEncounterDiagnoses): Promise<ConditionPage> {
    const after = page.cursor === undefined ? undefined : decodeEncounterCursor(page.cursor);
    const encounter = await this.conditions.encounterScope(this.uow.manager(), encounterId);
    if (!encounter) throw new NotFoundError('Encounter', encounterId);
    const scope = {
      patientId: encounter.patient_id,
      hospitalId: encounter.hospital_id,
      departmentId: encounter.department_id,
      responsibleUserIds: encounter.responsible_user_ids,
    };
    if (!mayReadClinical(reader.principal, scope)) {
      await this.uow.record(reader.actor, refusedAs(reader.actor, 'emr:read', DIAGNOSES.resourceType, encounterId));
      throw new NotFoundError('Encounter', encounterId);
    }
    let hasMore = false;
    const served = await this.patientAccess.list<ListedCondition>(reader, DIAGNOSES, CONDITION_SCOPE_COLUMNS, async (sql) => {
      const rows = await this.conditions.list(
        this.uow.manager(),
        { category: 'encounter-diagnosis', encounterId, after, limit: page.limit },
        sql,
      );
      // The row past the page only tells that another follows: it is neither served nor audited.
      hasMore = rows.length > page.limit;
      return rows.slice(0, page.limit).map((row) => ({ ...scopedConditionOf(row), row }));
    });
    const last = served[served.length - 1];
    return {
      items: served.map((record) => this.views.toView(record.row)),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}
