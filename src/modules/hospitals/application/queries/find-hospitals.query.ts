import { Query } from '@nestjs/cqrs';
import type { HospitalSearch } from '../../infrastructure/hospital.repository.js';
import type { HospitalPage } from '../hospital-view.js';

export class FindHospitals extends Query<HospitalPage> {
  constructor(readonly filter: HospitalSearch) {
    super();
  }
}
