import type { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { RequestContext } from '../context/request-context.js';

/** Bull's reason for a job that stalled (its worker died) more often than allowed; it is not retried. */
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

export interface QueueConsumer<T extends { readonly correlationId: string }> {
  readonly concurrency: number;
  readonly handle: (job: Job<T>) => Promise<unknown>;
  /** Once a job has failed for good (its last attempt failed, or it stalled too often): mark its work failed. */
  readonly onFinalFailure?: (job: Job<T>, error: Error) => Promise<void>;
}

/**
 * Starts consuming a queue in this process: each job runs within the
 * correlation id of the request that caused it, connection errors are
 * logged, and a job that failed for good is handed to onFinalFailure.
 * Consumption stops with the queue on shutdown, after the jobs in progress.
 */
export function consumeQueue<T extends { readonly correlationId: string }>(
  queue: Queue<T>,
  logger: Logger,
  consumer: QueueConsumer<T>,
): void {
  const inContext = <R>(job: Job<T>, work: () => Promise<R>) =>
    RequestContext.run({ correlationId: job.data.correlationId }, work);
  // Bull 4 starts consuming as soon as process() is called.
  void queue
    .process(consumer.concurrency, (job) => inContext(job, () => consumer.handle(job)))
    .catch((error: unknown) => logger.error({ err: error }, `${queue.name} consumer stopped`));
  queue.on('error', (error) => logger.warn({ err: error }, `${queue.name} queue connection error`));
  const { onFinalFailure } = consumer;
  if (!onFinalFailure) return;
  queue.on('failed', (job: Job<T>, error: Error) => {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.message === STALLED_TOO_OFTEN;
    if (!final) return;
    // Should this fail too, the work stays in progress; `queues:retry-failed <queue>` resumes it.
    void inContext(job, () => onFinalFailure(job, error)).catch((failure: unknown) =>
      logger.error({ err: failure, jobId: job.id }, `could not mark the work of a failed ${queue.name} job failed`),
    );
  });
}
