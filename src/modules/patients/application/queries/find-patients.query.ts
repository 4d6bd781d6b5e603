import { Query } from '@nestjs/cqrs';
import type { PatientSearchFilters } from '../../domain/patient-search-filters.js';
import type { PatientReader } from '../patient-reader.js';
import type { PatientPage } from '../patient-view.js';

export class FindPatients extends Query<PatientPage> {
  constructor(
    readonly reader: PatientReader,
    readonly filters: PatientSearchFilters,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
