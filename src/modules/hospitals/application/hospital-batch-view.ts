import type { CsvProblem } from '../domain/csv-problem.js';
import type { ImportBatchStatus } from '../domain/import-batch-status.js';
import type { HospitalView } from './hospital-view.js';

/** GET /hospitals/batch/:batchId, and the answer of its activation. */
export interface HospitalBatchView {
  readonly batchId: string;
  readonly status: ImportBatchStatus;
  readonly totalHospitals: number;
  readonly processedHospitals: number;
  readonly failedHospitals: number;
  readonly processingTimeSeconds: number | null;
  readonly batchActivated: boolean;
  readonly errors: readonly CsvProblem[];
  readonly hospitals: readonly HospitalView[];
}

/** The answer to an accepted upload (and to its repetition under the same Idempotency-Key). */
export interface BatchUploadView {
  readonly batchId: string;
  readonly status: 'IN_PROGRESS';
  readonly totalHospitals: number;
  readonly message: string;
}

export const UPLOAD_ACCEPTED_MESSAGE = 'Bulk processing started. Use batchId to track progress.';
