import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { RequestContext } from '../../../infrastructure/context/request-context.js';
import { PII_ROTATION_QUEUE, type PiiRotationJobData } from '../../../infrastructure/queue/queue-names.js';
import type { PiiRotationStatus } from '../domain/pii-rotation-status.js';
import { PiiRotationAttemptFailedError } from './pii-rotation-attempt-failed.error.js';
import { PiiRotationProcessor } from './pii-rotation.processor.js';

/** Bull's reason for a job that stalled (its worker died) more often than allowed; it is not retried. */
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

/**
 * Consumes the pii-rotation queue (worker role), one rotation at a time per
 * process. A failed attempt is retried by Bull (the queue's attempts and
 * capped backoff) and resumes after the last committed batch; when the job
 * fails for good, its rotation is marked FAILED.
 */
@Injectable()
export class PiiRotationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(PiiRotationWorker.name);

  constructor(
    @InjectQueue(PII_ROTATION_QUEUE) private readonly queue: Queue<PiiRotationJobData>,
    private readonly processor: PiiRotationProcessor,
  ) {}

  onApplicationBootstrap(): void {
    // Closed with the queue on shutdown, after the batch in progress commits.
    void this.queue
      .process(1, (job) => this.handle(job))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'pii-rotation consumer stopped');
      });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'pii-rotation queue connection error'));
    this.queue.on('failed', (job: Job<PiiRotationJobData>, error: Error) => {
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.message === STALLED_TOO_OFTEN;
      if (!final) return;
      void RequestContext.run({ correlationId: job.data.correlationId }, () =>
        this.processor.giveUp(job.data.rotationId, error.message),
      ).catch((giveUpError: unknown) =>
        // The rotation stays RUNNING; `queues:retry-failed pii-rotation` resumes it.
        this.logger.error({ err: giveUpError, rotationId: job.data.rotationId }, 'could not mark a failed rotation FAILED'),
      );
    });
  }

  private async handle(job: Job<PiiRotationJobData>): Promise<PiiRotationStatus | 'gone'> {
    const { rotationId, correlationId } = job.data;
    return RequestContext.run({ correlationId }, async () => {
      try {
        const status = (await this.processor.run(rotationId, (percent) => job.progress(percent))) ?? 'gone';
        if (status === 'COMPLETED') await job.progress(100);
        return status;
      } catch (error) {
        const failure = new PiiRotationAttemptFailedError(error);
        this.logger.warn({ rotationId, attempt: job.attemptsMade + 1, reason: failure.message }, 'pii rotation attempt failed');
        throw failure;
      }
    });
  }
}
