import type { IntakeBatchStatus, IntakeSource } from '../domain/intake-batch-status.js';
import type { IntakeCounters } from '../domain/intake-events.js';
import { countersOfRow, type IntakeBatchRow, type IntakeRecordRow } from '../infrastructure/intake-batch-row.js';

/** A batch as the API shows it: no personal data, only ids, counts and times. */
export interface IntakeBatchView {
  readonly batchId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly source: IntakeSource;
  readonly status: IntakeBatchStatus;
  readonly fileName: string;
  readonly fileBytes: number;
  readonly fileSha256: string;
  readonly recordsReceived: number;
  readonly counters: IntakeCounters;
  /** Records done of those received, 0 to 1. */
  readonly progress: number;
  readonly receivedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** From the worker's start to its end (or to now while it runs). */
  readonly processingSeconds: number | null;
  readonly recordsPerSecond: number | null;
  readonly failure: string | null;
}

export interface IntakeBatchPage {
  readonly items: readonly IntakeBatchView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface IntakeRecordView {
  readonly position: number;
  /** The sender's MRN and visit number as sent, so they can find the record. */
  readonly mrn: string | null;
  readonly visitAccountNumber: string | null;
  readonly outcome: 'applied' | 'error';
  readonly patient: 'created' | 'updated' | 'unchanged' | null;
  readonly visit: 'added' | 'duplicate' | null;
  readonly patientId: string | null;
  readonly encounterId: string | null;
  readonly errors: readonly { field: string; message: string }[];
}

export interface IntakeRecordPage {
  readonly items: readonly IntakeRecordView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function toIntakeBatchView(row: IntakeBatchRow, now = new Date()): IntakeBatchView {
  const end = row.finished_at ?? (row.started_at ? now : null);
  const seconds = row.started_at && end ? Math.max(0, end.getTime() - row.started_at.getTime()) / 1000 : null;
  return {
    batchId: row.id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    source: row.source,
    status: row.status,
    fileName: row.file_name,
    fileBytes: Number(row.file_bytes),
    fileSha256: row.file_sha256,
    recordsReceived: row.records_received,
    counters: countersOfRow(row),
    progress: Math.round((row.records_done / row.records_received) * 10_000) / 10_000,
    receivedAt: row.received_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    processingSeconds: seconds,
    recordsPerSecond: seconds && seconds > 0 ? Math.round(row.records_done / seconds) : null,
    failure: row.failure,
  };
}

export function toIntakeRecordView(row: IntakeRecordRow): IntakeRecordView {
  return {
    position: row.position,
    mrn: row.mrn,
    visitAccountNumber: row.visit_account_number,
    outcome: row.errors ? 'error' : 'applied',
    patient: row.patient_outcome,
    visit: row.visit_outcome,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    errors: row.errors ?? [],
  };
}
