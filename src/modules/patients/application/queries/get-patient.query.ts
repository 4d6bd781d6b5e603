import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

export class GetPatient extends Query<PatientView> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
  ) {
    super();
  }
}
