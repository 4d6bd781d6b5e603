import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { PatientScopedRecord } from '@hms/authz';
import { dateInTimeZone, InvalidInputError, isUuid } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { GetHospital } from '../../../hospitals/index.js';
import { PatientDataAccess } from '../../../patients/index.js';
import { EncounterCipher } from '../../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../../infrastructure/encounter-row.js';
import { EncounterRepository } from '../../infrastructure/encounter.repository.js';
import { ENCOUNTER_SCOPE_COLUMNS, ENCOUNTERS, showsClinicalContent } from '../encounter-access.js';
import type { EncounterSummary } from '../encounter-view.js';
import { scopedRecordOf } from '../encounter-writes.js';
import {
  ListEncountersOfPatients,
  MAX_ENCOUNTERS_PER_PATIENT,
  MAX_PATIENTS_AT_ONCE,
} from './list-encounters-of-patients.query.js';

type ListedEncounter = PatientScopedRecord & { readonly row: EncounterRow };

/**
 * The encounters of a page of patients: one statement for them all (a
 * top-50 per patient, filtered in SQL by encounters:read's scope through the
 * patient-access contract), audited as one outbox write of one access event
 * per patient served, naming its encounters (`recordIds`, as the timeline's
 * pages are, ADR 34). An event files under one patient, so one event for the
 * lot would leave the patients' access reports. The caller's own read of the
 * patients decided who they are: a patient with nothing in scope answers an
 * empty list, neither refused nor audited (a list leaves out, as the
 * encounter list of one patient does). Merged records are not followed: the
 * contract resolves them one patient at a time, a round trip each (ADR 39).
 */
@QueryHandler(ListEncountersOfPatients)
export class ListEncountersOfPatientsHandler implements IQueryHandler<
  ListEncountersOfPatients,
  ReadonlyMap<string, readonly EncounterSummary[]>
> {
  private readonly patientAccess: PatientDataAccess;

  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly encounters: EncounterRepository,
    private readonly cipher: EncounterCipher,
  ) {
    this.patientAccess = new PatientDataAccess(queries, uow);
  }

  async execute({ reader, patientIds }: ListEncountersOfPatients): Promise<ReadonlyMap<string, readonly EncounterSummary[]>> {
    const asked = [...new Set(patientIds)];
    if (asked.length > MAX_PATIENTS_AT_ONCE || !asked.every(isUuid)) {
      throw new InvalidInputError('The patients asked for are invalid; see errors.', [
        { field: 'patientIds', message: `patientIds must be at most ${MAX_PATIENTS_AT_ONCE} UUIDs` },
      ]);
    }
    const answer = new Map<string, EncounterSummary[]>(asked.map((id) => [id, []]));
    if (asked.length === 0) return answer;
    const served = await this.patientAccess.list<ListedEncounter>(
      reader,
      ENCOUNTERS,
      ENCOUNTER_SCOPE_COLUMNS,
      async (scope) => {
        const rows = await this.encounters.latestOfPatients(this.uow.manager(), asked, MAX_ENCOUNTERS_PER_PATIENT, scope);
        return rows.map((row) => ({ ...scopedRecordOf(row), row }));
      },
      1,
      { recordIdOf: (listed) => listed.row.id },
    );
    const zones = await this.timeZonesOf(served.map(({ row }) => row.hospital_id));
    for (const record of served) {
      const { row } = record;
      answer.get(row.patient_id)?.push({
        id: row.id,
        accountNumber: row.account_number,
        visitDate: row.period_start && dateInTimeZone(row.period_start, zones.get(row.hospital_id)!),
        reason: showsClinicalContent(reader.principal, record)
          ? this.cipher.decrypt(row.id, 'reason_text', row.reason_text)
          : null,
        status: row.status,
        class: row.class,
      });
    }
    return answer;
  }

  /** Each hospital's time zone, asked once per hospital (a page's patients are mostly of one or two). */
  private async timeZonesOf(hospitalIds: readonly string[]): Promise<Map<string, string>> {
    const zones = new Map<string, string>();
    for (const hospitalId of new Set(hospitalIds)) {
      zones.set(hospitalId, (await this.queries.execute(new GetHospital(hospitalId))).timeZone);
    }
    return zones;
  }
}
