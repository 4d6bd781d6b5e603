import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { toPatientState } from '../../infrastructure/patient-row.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import type { PatientView } from '../patient-view.js';
import { PatientViews } from '../patient-views.js';
import { accessBy, readablePatient } from '../readable-patient.js';
import { GetPatient } from './get-patient.query.js';

/**
 * One patient, in two round trips: the row with its care links (one
 * statement), then the access event (one transaction). Out of scope answers
 * 404 like a missing id, and the refusal is audited.
 */
@QueryHandler(GetPatient)
export class GetPatientHandler implements IQueryHandler<GetPatient, PatientView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly views: PatientViews,
  ) {}

  async execute({ reader, patientId }: GetPatient): Promise<PatientView> {
    const { row, decision } = await readablePatient(this.uow.manager(), this.patients, this.uow, reader, patientId);
    const view = this.views.toView(toPatientState(row), reader.principal.permissions);
    // Recorded before the data leaves: a read that cannot be audited is not served.
    await this.uow.record(reader.actor, accessBy(reader, patientId, decision, 'read'));
    return view;
  }
}
