import { Query } from '@nestjs/cqrs';

/**
 * How many patients are registered at, or linked to, one of these
 * hospitals. Part of the patients context's public contract: the hospitals
 * context asks it before deleting hospitals, instead of reading patient tables.
 */
export class CountPatientsInHospitals extends Query<number> {
  constructor(readonly hospitalIds: readonly string[]) {
    super();
  }
}
