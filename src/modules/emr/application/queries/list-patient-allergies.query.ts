import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { AllergyListView } from '../allergy-view.js';

export class ListPatientAllergies extends Query<AllergyListView> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
  ) {
    super();
  }
}
