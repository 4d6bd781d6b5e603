import type { PatientAccessReason } from '@hms/authz';
import { Query } from '@nestjs/cqrs';
import type { PatientEditor } from '../patient-reader.js';

/** The patients context's answer about one patient, for another context that serves that patient's data. */
export interface PatientAccessAnswer {
  /** False: no such patient (answer 404, nothing to audit). */
  readonly found: boolean;
  /** The record now standing for the patient: the id asked, or the one it was merged into. */
  readonly currentPatientId: string | null;
  /** Whether the reader's patients:read scopes (or a grant) cover the current record, as GET /patients/:id decides. */
  readonly allowed: boolean;
  /** `care-link`: the reader is linked to the patient; `scope`: a hospital, department or unscoped permission. */
  readonly reason: PatientAccessReason | null;
  /** The break-the-glass grant that alone allowed it, if any. */
  readonly emergencyGrantId: string | null;
  /**
   * The ids another context's records of this patient may be filed under: the current record, the id
   * asked and, when asked with `withMerged`, every record merged into the current one (directly or
   * through another), whose records stay under their old id until the merge's move reaches them.
   */
  readonly patientIds: readonly string[];
  /**
   * Asked with `patientWide`: whether the reader's own scopes of that resource (not a grant) reach the
   * patient through its links, as patients:read's reach it. Such a reader sees every patient-wide
   * record of the patient (allergies, problems), whichever department filed it. False when not asked.
   */
  readonly patientWideOpen: boolean;
  /** Whether the current record is active (not inactive or deceased): a booking needs one. */
  readonly active: boolean;
}

export interface ResolvePatientAccessOptions {
  /** Answer every record merged into the current one in `patientIds` (for a list of the patient's records). */
  readonly withMerged?: boolean;
  /** A clinical permission resource (`emr`): answer `patientWideOpen` for its read scopes. */
  readonly patientWide?: string;
}

/**
 * May this reader see this patient, why, and which record is current. Part
 * of the patients context's public contract: clinical contexts ask it
 * instead of reading patient tables. Records nothing; the asker audits what
 * it serves (PatientDataAccess does).
 */
export class ResolvePatientAccess extends Query<PatientAccessAnswer> {
  constructor(
    readonly reader: Pick<PatientEditor, 'principal' | 'ability'>,
    readonly patientId: string,
    readonly options: ResolvePatientAccessOptions = {},
  ) {
    super();
  }
}
