import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { ENCOUNTERS, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { readFiledRecord } from '../filed-record-read.js';
import { GetEncounter } from './get-encounter.query.js';

/**
 * One encounter, read through the patient-access contract: the encounter and
 * its access event in one statement (ADR 29), after asking which patient it
 * is filed under (an id, nothing served). Out of scope answers the same 404
 * as a missing encounter, audited as AccessDenied; the clinical content is
 * shown only under emr:read (ADR 30).
 */
@QueryHandler(GetEncounter)
export class GetEncounterHandler implements IQueryHandler<GetEncounter, EncounterView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly views: EncounterViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, encounterId }: GetEncounter): Promise<EncounterView> {
    const filedUnder = await this.encounters.patientOf(this.uow.manager(), encounterId);
    if (!filedUnder) throw new NotFoundError('Encounter', encounterId);
    const record = await readFiledRecord<EncounterRow>(
      this.patientAccess,
      reader,
      ENCOUNTERS,
      { resourceType: 'Encounter', id: encounterId },
      filedUnder,
      (currentPatientId) => this.encounters.byIdFor(encounterId, currentPatientId, filedUnder),
    );
    return this.views.toView(record.row, showsClinicalContent(reader.principal, record));
  }
}
