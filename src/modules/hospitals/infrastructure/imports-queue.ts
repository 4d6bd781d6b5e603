import type { Job, Queue } from 'bull';

/** CSV import batches, fed by a hospitals event handler (not by the relay): one job per batch, keyed by its id. */
export const IMPORTS_QUEUE = 'imports';

/** What an import job carries: the batch to process and the request that uploaded it, never file content. */
export interface ImportJobData {
  readonly batchId: string;
  readonly correlationId: string;
}

/**
 * Adds a batch's job. The job id is the batch id, so Bull ignores the add
 * while it holds a job for the batch, whatever its state.
 */
export function addImportJob(queue: Queue<ImportJobData>, data: ImportJobData, attempts: number): Promise<Job<ImportJobData>> {
  return queue.add(data, { jobId: data.batchId, attempts });
}
