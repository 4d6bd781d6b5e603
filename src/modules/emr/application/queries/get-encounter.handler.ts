import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { ENCOUNTER_TEXTS, textsNotKept, textsThen, versionsAsOf } from '../../domain/as-of.js';
import type { EncounterSnapshot } from '../../domain/encounter-events.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { ENCOUNTERS, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { encounterRowThen } from '../as-of-rows.js';
import { readFiledRecord, refuseFiledRecord } from '../filed-record-read.js';
import { recordVersions } from '../record-versions.js';
import { GetEncounter } from './get-encounter.query.js';

/**
 * One encounter, read through the patient-access contract: the encounter and
 * its access event in one statement (ADR 29), after asking which patient it
 * is filed under (an id, nothing served). Out of scope answers the same 404
 * as a missing encounter, audited as AccessDenied; the clinical content is
 * shown only under emr:read (ADR 30). As of an instant, the version then,
 * from the audit event store, under the same rules (ADR 35).
 */
@QueryHandler(GetEncounter)
export class GetEncounterHandler implements IQueryHandler<GetEncounter, EncounterView> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly views: EncounterViews,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, encounterId, asOf }: GetEncounter): Promise<EncounterView> {
    const filedUnder = await this.encounters.patientOf(this.uow.manager(), encounterId);
    if (!filedUnder) throw new NotFoundError('Encounter', encounterId);
    const asked = { resourceType: 'Encounter', id: encounterId };
    const statement = (currentPatientId: string) => this.encounters.byIdFor(encounterId, currentPatientId, filedUnder);
    const versions = asOf
      ? versionsAsOf(await recordVersions<EncounterSnapshot>(this.queries, 'Encounter', encounterId), asOf)
      : undefined;
    if (asOf && !versions) {
      return refuseFiledRecord<EncounterRow>(this.patientAccess, reader, ENCOUNTERS, asked, filedUnder, statement);
    }
    const record = await readFiledRecord<EncounterRow>(this.patientAccess, reader, ENCOUNTERS, asked, filedUnder, statement, {
      asOf,
    });
    const clinical = showsClinicalContent(reader.principal, record);
    if (!versions) return this.views.toView(record.row, clinical);
    const texts = textsThen(ENCOUNTER_TEXTS, versions);
    // The administrative view shows no text, so it withholds none.
    return {
      ...this.views.toView(encounterRowThen(record.row, versions, texts), clinical),
      textsNotKept: clinical ? textsNotKept(texts) : [],
    };
  }
}
