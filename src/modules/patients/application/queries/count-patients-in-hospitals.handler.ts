import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PatientRepository } from '../../infrastructure/patient.repository.js';
import { CountPatientsInHospitals } from './count-patients-in-hospitals.query.js';

@QueryHandler(CountPatientsInHospitals)
export class CountPatientsInHospitalsHandler implements IQueryHandler<CountPatientsInHospitals, number> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientRepository,
  ) {}

  execute({ hospitalIds }: CountPatientsInHospitals): Promise<number> {
    if (hospitalIds.length === 0) return Promise.resolve(0);
    return this.patients.countInHospitals(this.dataSource.manager, hospitalIds);
  }
}
