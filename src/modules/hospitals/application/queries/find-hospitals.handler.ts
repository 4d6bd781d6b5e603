import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { type HospitalPage, toHospitalView } from '../hospital-view.js';
import { FindHospitals } from './find-hospitals.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

/** hospitals:read has no narrower scope than all (every staff member may see the registry), so no scope filter applies. */
@QueryHandler(FindHospitals)
export class FindHospitalsHandler implements IQueryHandler<FindHospitals, HospitalPage> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
  ) {}

  async execute({ filter }: FindHospitals): Promise<HospitalPage> {
    const { rows, total } = await this.hospitals.search(this.uow.manager(), filter);
    return { items: rows.map(toHospitalView), total, page: filter.page, pageSize: filter.pageSize };
  }
}
