import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { CountPatientsInHospitals } from './count-patients-in-hospitals.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(CountPatientsInHospitals)
export class CountPatientsInHospitalsHandler implements IQueryHandler<CountPatientsInHospitals, number> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly patients: PatientRepository,
  ) {}

  execute({ hospitalIds }: CountPatientsInHospitals): Promise<number> {
    if (hospitalIds.length === 0) return Promise.resolve(0);
    return this.patients.countInHospitals(this.uow.manager(), hospitalIds);
  }
}
