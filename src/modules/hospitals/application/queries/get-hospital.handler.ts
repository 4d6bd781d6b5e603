import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { toHospitalView, type HospitalView } from '../hospital-view.js';
import { GetHospital } from './get-hospital.query.js';

@QueryHandler(GetHospital)
export class GetHospitalHandler implements IQueryHandler<GetHospital, HospitalView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hospitals: HospitalRepository,
  ) {}

  async execute({ hospitalId }: GetHospital): Promise<HospitalView> {
    const row = await this.hospitals.findById(this.dataSource.manager, hospitalId);
    if (!row) throw new NotFoundError('Hospital', hospitalId);
    return toHospitalView(row);
  }
}
