import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, ResolvePatientAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import type { VitalObservationRow } from '../../infrastructure/vital-rows.js';
import { VitalRepository } from '../../infrastructure/vital.repository.js';
import { refusedPatientList, scopeColumnsOf, scopeOfRow, VITALS } from '../clinical-record-access.js';
import type { VitalTrendPage } from '../vital-view.js';
import { VitalViews } from '../vital-views.js';
import { ListPatientVitals } from './list-patient-vitals.query.js';

type ListedObservation = PatientScopedRecord & { readonly row: VitalObservationRow };

/**
 * A patient's vital signs, newest measured first, keyset-paginated,
 * optionally of one code and within [from, to], filtered in SQL by the
 * reader's emr:read scope through the patient-access contract (each one
 * served audited as emr.vitals). A merged id lists the surviving record's. A
 * patient the reader may not read and of whom nothing is in scope answers
 * 404, audited.
 */
@QueryHandler(ListPatientVitals)
export class ListPatientVitalsHandler implements IQueryHandler<ListPatientVitals, VitalTrendPage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly vitals: VitalRepository,
    private readonly views: VitalViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientId, filter }: ListPatientVitals): Promise<VitalTrendPage> {
    const after = filter.cursor === undefined ? undefined : decodeEncounterCursor(filter.cursor);
    const patient = await this.queries.execute(new ResolvePatientAccess(reader, patientId, { withMerged: true }));
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
    const { patientIds } = patient;
    let hasMore = false;
    const served = await this.patientAccess.list<ListedObservation>(reader, VITALS, scopeColumnsOf('o'), async (scope) => {
      const rows = await this.vitals.trend(
        this.uow.manager(),
        { patientIds, code: filter.code, status: filter.status, from: filter.from, to: filter.to, after, limit: filter.limit },
        scope,
      );
      // The row past the page only tells that another follows: it is neither served nor audited.
      hasMore = rows.length > filter.limit;
      return rows.slice(0, filter.limit).map((row) => ({ ...scopeOfRow(row), row }));
    });
    if (served.length === 0 && !patient.allowed) {
      await this.uow.record(reader.actor, refusedPatientList(reader.actor, patientId));
      throw new NotFoundError('Patient', patientId);
    }
    const last = served[served.length - 1];
    return {
      items: served.map((record) => this.views.observation(record.row)),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}
