import type { CsvProblem } from '../domain/csv-problem.js';
import type { ImportBatchStatus } from '../domain/import-batch-status.js';

/** A row of hospital_import_batches (the file itself is in object storage, or in hospital_import_file_parts before). */
export interface ImportBatchRow {
  id: string;
  status: ImportBatchStatus;
  total_rows: number;
  processed_rows: number;
  failed_rows: number;
  last_row_done: number;
  errors: CsvProblem[];
  file_sha256: string;
  /** The uploaded file in object storage; null for a batch uploaded before, whose file is in parts. */
  file_key: string | null;
  idempotency_key: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  activated_at: Date | null;
  updated_at: Date;
  version: number;
}
