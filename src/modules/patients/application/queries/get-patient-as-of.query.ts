import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../patient-reader.js';
import type { PatientView } from '../patient-view.js';

/** A patient as the record stood at an earlier instant. */
export class GetPatientAsOf extends Query<PatientView> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
    readonly asOf: Date,
  ) {
    super();
  }
}
