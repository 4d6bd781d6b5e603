import { Query } from '@nestjs/cqrs';
import type { PatientHistoryView } from '../patient-history-view.js';
import type { PatientReader } from '../patient-reader.js';

/** Every version of a patient, oldest first, rebuilt from the audit event store. */
export class GetPatientHistory extends Query<PatientHistoryView> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
  ) {
    super();
  }
}
