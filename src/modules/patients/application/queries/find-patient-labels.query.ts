import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../patient-reader.js';

/** What a list of another context's records shows of their patient: who it is, nothing more. */
export interface PatientLabel {
  readonly id: string;
  /** Given, middle and family names as registered, space-separated. */
  readonly name: string;
  readonly mrn: string;
}

/**
 * The name and MRN of each patient the reader's patients:read (or a
 * break-the-glass grant) covers, decided as GET /patients/:id decides;
 * patients out of scope or unknown are left out of the answer, without an
 * AccessDenied (the reader asked for the other records, not the patient).
 * Each label served is recorded as PatientRecordAccessed (access `label`).
 * Part of the patients context's public contract.
 */
export class FindPatientLabels extends Query<ReadonlyMap<string, PatientLabel>> {
  constructor(
    readonly reader: PatientReader,
    readonly patientIds: readonly string[],
  ) {
    super();
  }
}
