import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, type PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, ResolvePatientAccess } from '../../../patients/index.js';
import { decodeEncounterCursor, encodeEncounterCursor } from '../../domain/encounter-cursor.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { ENCOUNTER_SCOPE_COLUMNS, ENCOUNTERS, showsClinicalContent } from '../encounter-access.js';
import type { EncounterPage } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { scopedRecordOf } from '../encounter-writes.js';
import { ListPatientEncounters } from './list-patient-encounters.query.js';

type ListedEncounter = PatientScopedRecord & { readonly row: EncounterRow };

/**
 * A patient's encounters, newest first, keyset-paginated, filtered in SQL by
 * the reader's encounters:read scope through the patient-access contract
 * (each one served audited). A merged id lists the surviving record's. A
 * patient the reader may not read and of whom no encounter is in scope
 * answers 404, audited, as a GET of the patient would.
 */
@QueryHandler(ListPatientEncounters)
export class ListPatientEncountersHandler implements IQueryHandler<ListPatientEncounters, EncounterPage> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly views: EncounterViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientId, filter }: ListPatientEncounters): Promise<EncounterPage> {
    const after = filter.cursor === undefined ? undefined : decodeEncounterCursor(filter.cursor);
    const patient = await this.queries.execute(new ResolvePatientAccess(reader, patientId, { withMerged: true }));
    if (!patient.found || !patient.currentPatientId) throw new NotFoundError('Patient', patientId);
    const { patientIds } = patient;
    let hasMore = false;
    const served = await this.patientAccess.list<ListedEncounter>(reader, ENCOUNTERS, ENCOUNTER_SCOPE_COLUMNS, async (scope) => {
      const rows = await this.encounters.list(
        this.uow.manager(),
        { patientIds, status: filter.status, after: after && { listedAt: after.listedAt, id: after.id }, limit: filter.limit },
        scope,
      );
      // The row past the page only tells that another follows: it is neither served nor audited.
      hasMore = rows.length > filter.limit;
      return rows.slice(0, filter.limit).map((row) => ({ ...scopedRecordOf(row), row }));
    });
    if (served.length === 0 && !patient.allowed) {
      await this.uow.record(
        reader.actor,
        new AccessDenied({
          userId: reader.actor.id,
          reason: 'out-of-scope',
          permission: 'encounters:read',
          resourceType: 'Patient',
          resourceId: patientId,
        }),
      );
      throw new NotFoundError('Patient', patientId);
    }
    const last = served[served.length - 1];
    return {
      items: served.map((record) => this.views.toView(record.row, showsClinicalContent(reader.principal, record))),
      nextCursor: hasMore && last ? encodeEncounterCursor({ listedAt: last.row.listed_key, id: last.row.id }) : null,
    };
  }
}
