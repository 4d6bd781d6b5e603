import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { toHospitalView, type HospitalView } from '../hospital-view.js';
import { GetHospital } from './get-hospital.query.js';

@QueryHandler(GetHospital)
export class GetHospitalHandler implements IQueryHandler<GetHospital, HospitalView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
  ) {}

  async execute({ hospitalId, hold }: GetHospital): Promise<HospitalView> {
    // Outside a transaction the lock would be released with the statement: a caller relying on it has a bug.
    if (hold && !this.uow.inTransaction()) throw new Error('GetHospital with hold must be sent inside a unit of work');
    const row = await this.hospitals.findById(this.uow.manager(), hospitalId, hold ? 'key share' : undefined);
    if (!row) throw new NotFoundError('Hospital', hospitalId);
    return toHospitalView(row);
  }
}
