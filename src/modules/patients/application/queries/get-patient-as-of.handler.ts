import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { PatientVersionsReader } from '../patient-versions-reader.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { accessBy, readablePatient } from '../readable-patient.js';
import { GetPatientAsOf } from './get-patient-as-of.query.js';

/**
 * A patient as the record stood at an instant. From the last change on the
 * row itself (it is that state); before it, the versions in the audit event
 * store up to the instant, replayed. Before registration there was no
 * record: 404. Scope is decided on the record as it is now.
 */
@QueryHandler(GetPatientAsOf)
export class GetPatientAsOfHandler implements IQueryHandler<GetPatientAsOf, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly versions: PatientVersionsReader,
    private readonly views: PatientViews,
  ) {}

  async execute({ reader, patientId, asOf }: GetPatientAsOf): Promise<PatientView> {
    const { row, decision } = await readablePatient(this.uow.manager(), this.patients, this.uow, reader, patientId);
    const state = row.updated_at <= asOf ? toPatientState(row) : (await this.versions.versions(patientId, asOf)).at(-1)?.state;
    if (!state) throw new NotFoundError('Patient', patientId);
    const view = this.views.toView(state, reader.principal.permissions, row.external_identifiers);
    await this.uow.record(reader.actor, accessBy(reader, patientId, decision, 'read', { asOf: asOf.toISOString() }));
    return view;
  }
}
