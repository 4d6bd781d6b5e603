import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { accessAnswer, NOT_FOUND } from './resolve-patient-access.handler.js';
import { type PatientAccessAnswer, ResolvePatientAccess } from './resolve-patient-access.query.js';
import { ResolvePatientsAccess } from './resolve-patients-access.query.js';

/** One read of every row asked; a merged record (rare) is followed by the single query. */
@QueryHandler(ResolvePatientsAccess)
export class ResolvePatientsAccessHandler implements IQueryHandler<
  ResolvePatientsAccess,
  ReadonlyMap<string, PatientAccessAnswer>
> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
    private readonly queries: QueryBus,
  ) {}

  async execute({ reader, patientIds }: ResolvePatientsAccess): Promise<ReadonlyMap<string, PatientAccessAnswer>> {
    const answers = new Map<string, PatientAccessAnswer>();
    if (patientIds.length === 0) return answers;
    // Inside a clinical context's unit of work, on its connection (ADR 15).
    const rows = new Map((await this.patients.findManyWithLinks(this.uow.manager(), patientIds)).map((row) => [row.id, row]));
    for (const id of patientIds) {
      const row = rows.get(id);
      if (!row) answers.set(id, NOT_FOUND);
      else if (!row.merged_into_id) answers.set(id, accessAnswer(reader, row, id));
      else answers.set(id, await this.queries.execute(new ResolvePatientAccess(reader, id)));
    }
    return answers;
  }
}
