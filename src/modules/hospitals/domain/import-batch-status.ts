import { BatchInProgressError } from './batch-in-progress.error.js';

export const IMPORT_BATCH_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'] as const;
export type ImportBatchStatus = (typeof IMPORT_BATCH_STATUSES)[number];

/** Per-row errors kept on a batch; past this many only the count grows, so the row stays small. */
export const MAX_STORED_ROW_ERRORS = 1_000;

/** Activation and deletion act on a settled batch only: the worker may still be adding hospitals to it. */
export function assertBatchSettled(batchId: string, status: ImportBatchStatus): void {
  if (status === 'IN_PROGRESS') throw new BatchInProgressError(batchId);
}

/** The status of a batch whose rows have all been read. */
export function settledStatus(failedRows: number): 'COMPLETED' | 'COMPLETED_WITH_ERRORS' {
  return failedRows > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED';
}

/** Seconds from the worker's start to its end, to the millisecond; null until both are known. */
export function processingSeconds(startedAt: Date | null, finishedAt: Date | null): number | null {
  if (!startedAt || !finishedAt) return null;
  return Math.max(0, Math.round(finishedAt.getTime() - startedAt.getTime())) / 1000;
}
