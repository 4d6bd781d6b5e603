import type { IntakeBatchStatus, IntakeSource } from '../domain/intake-batch-status.js';
import type { IntakeCounters } from '../domain/intake-events.js';

/** An intake_batches row as the driver returns it. */
export interface IntakeBatchRow {
  readonly id: string;
  readonly hospital_id: string;
  readonly department_id: string;
  readonly source: IntakeSource;
  readonly status: IntakeBatchStatus;
  readonly file_key: string;
  readonly file_name: string;
  readonly file_sha256: string;
  readonly file_bytes: string;
  readonly records_received: number;
  readonly records_done: number;
  readonly patients_created: number;
  readonly patients_updated: number;
  readonly patients_unchanged: number;
  readonly visits_added: number;
  readonly duplicates_skipped: number;
  readonly errors: number;
  readonly idempotency_key: string | null;
  readonly submitted_by: string;
  readonly received_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
  readonly failure: string | null;
}

/** An intake_records row. */
export interface IntakeRecordRow {
  readonly position: number;
  readonly mrn: string | null;
  readonly visit_account_number: string | null;
  readonly patient_outcome: 'created' | 'updated' | 'unchanged' | null;
  readonly visit_outcome: 'added' | 'duplicate' | null;
  readonly patient_id: string | null;
  readonly encounter_id: string | null;
  readonly errors: { field: string; message: string }[] | null;
}

/** A batch row's counters, as views and events carry them. */
export function countersOfRow(row: IntakeBatchRow): IntakeCounters {
  return {
    records: row.records_received,
    patientsCreated: row.patients_created,
    patientsUpdated: row.patients_updated,
    patientsUnchanged: row.patients_unchanged,
    visitsAdded: row.visits_added,
    duplicatesSkipped: row.duplicates_skipped,
    errors: row.errors,
  };
}
