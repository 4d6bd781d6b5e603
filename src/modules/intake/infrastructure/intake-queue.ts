import type { Job, Queue } from 'bull';

/** Intake batches, fed by an intake event handler: one job per batch, keyed by its id. */
export const INTAKE_QUEUE = 'intake';

/** What an intake job carries: the batch and the request that sent it, never a record. */
export interface IntakeJobData {
  readonly batchId: string;
  readonly correlationId: string;
}

/** Adds a batch's job; Bull ignores the add while it holds a job with the batch's id, whatever its state. */
export function addIntakeJob(queue: Queue<IntakeJobData>, data: IntakeJobData, attempts: number): Promise<Job<IntakeJobData>> {
  return queue.add(data, { jobId: data.batchId, attempts, backoff: { type: 'exponential', delay: 1_000 } });
}
