import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import type { PatientHistoryView } from '../patient-history-view.js';
import { PatientVersionsReader } from '../patient-versions-reader.js';
import { PatientViews } from '../patient-views.js';
import { accessBy, readablePatient } from '../readable-patient.js';
import { GetPatientHistory } from './get-patient-history.query.js';

/**
 * Every version of a patient the reader may see now (the current scope
 * decides, as for a GET), each decrypted and masked like the current
 * record, and the read audited as a history access.
 */
@QueryHandler(GetPatientHistory)
export class GetPatientHistoryHandler implements IQueryHandler<GetPatientHistory, PatientHistoryView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly versions: PatientVersionsReader,
    private readonly views: PatientViews,
  ) {}

  async execute({ reader, patientId }: GetPatientHistory): Promise<PatientHistoryView> {
    const { row, decision } = await readablePatient(this.uow.manager(), this.patients, this.uow, reader, patientId);
    const versions = await this.versions.versions(patientId);
    const history: PatientHistoryView = {
      patientId,
      versions: versions.map(({ version, type, occurredAt, actor, state }) => ({
        version,
        type,
        occurredAt,
        actor,
        patient: this.views.toView(state, reader.principal.permissions, row.external_identifiers),
      })),
      complete: versions.at(-1)?.version === row.version,
    };
    await this.uow.record(reader.actor, accessBy(reader, patientId, decision, 'history'));
    return history;
  }
}
