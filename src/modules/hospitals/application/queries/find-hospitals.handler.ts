import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { type HospitalPage, toHospitalView } from '../hospital-view.js';
import { FindHospitals } from './find-hospitals.query.js';

/** hospitals:read has no narrower scope than all (every staff member may see the registry), so no scope filter applies. */
@QueryHandler(FindHospitals)
export class FindHospitalsHandler implements IQueryHandler<FindHospitals, HospitalPage> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hospitals: HospitalRepository,
  ) {}

  async execute({ filter }: FindHospitals): Promise<HospitalPage> {
    const { rows, total } = await this.hospitals.search(this.dataSource.manager, filter);
    return { items: rows.map(toHospitalView), total, page: filter.page, pageSize: filter.pageSize };
  }
}
