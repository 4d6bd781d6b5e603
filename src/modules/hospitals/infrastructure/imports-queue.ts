/** CSV import batches, fed by a hospitals event handler (not by the relay): one job per batch, keyed by its id. */
export const IMPORTS_QUEUE = 'imports';

/** What an import job carries: the batch to process and the request that uploaded it, never file content. */
export interface ImportJobData {
  readonly batchId: string;
  readonly correlationId: string;
}
