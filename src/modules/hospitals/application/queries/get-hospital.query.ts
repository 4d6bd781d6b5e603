import { Query } from '@nestjs/cqrs';
import type { HospitalView } from '../hospital-view.js';

export class GetHospital extends Query<HospitalView> {
  constructor(readonly hospitalId: string) {
    super();
  }
}
