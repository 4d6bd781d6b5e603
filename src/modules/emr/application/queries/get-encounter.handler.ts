import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientDataAccess, type RecordedLoad } from '../../../patients/index.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { ENCOUNTERS, showsClinicalContent } from '../encounter-access.js';
import type { EncounterView } from '../encounter-view.js';
import { EncounterViews } from '../encounter-views.js';
import { GetEncounter } from './get-encounter.query.js';

type LoadedEncounter = PatientScopedRecord & { readonly row: EncounterRow };

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
    const load: RecordedLoad<LoadedEncounter> = {
      statement: (currentPatientId) => this.encounters.byIdFor(encounterId, currentPatientId, filedUnder),
      // The patient's current record stands for the encounter's patient: a grant names that one.
      columns: {
        patientId: 'r.current_patient_id',
        hospitalId: 'r.hospital_id',
        departmentId: 'r.department_id',
        responsibleUserIds: 'r.responsible_user_ids',
      },
      toRecord: (loaded) => {
        const row = loaded as unknown as EncounterRow & { current_patient_id: string };
        return {
          patientId: row.current_patient_id,
          hospitalId: row.hospital_id,
          departmentId: row.department_id,
          responsibleUserIds: row.responsible_user_ids,
          row,
        };
      },
    };
    let record: LoadedEncounter;
    try {
      record = await this.patientAccess.read(reader, filedUnder, ENCOUNTERS, load);
    } catch (error) {
      // The contract's 404 names the patient; this one names only what was asked.
      if (error instanceof NotFoundError) throw new NotFoundError('Encounter', encounterId);
      throw error;
    }
    return this.views.toView(record.row, showsClinicalContent(reader.principal, record));
  }
}
