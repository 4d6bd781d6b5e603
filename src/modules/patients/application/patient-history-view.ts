import type { PatientView } from './patient-view.js';

/** One version of a patient: the record as it stood after it, and who made it how. */
export interface PatientVersionView {
  readonly version: number;
  /** The event that made this version: PatientRegistered, PatientUpdated, PatientDeactivated, PatientMerged. */
  readonly type: string;
  readonly occurredAt: Date;
  readonly actor: { readonly id: string; readonly kind: string };
  readonly patient: PatientView;
}

export interface PatientHistoryView {
  readonly patientId: string;
  readonly versions: readonly PatientVersionView[];
  /**
   * False while the audit store has not yet appended the latest change (it
   * is written moments after each commit): the last version shown is then
   * older than the record's current version.
   */
  readonly complete: boolean;
}
