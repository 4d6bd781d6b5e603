import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { consumeQueue } from '../../../infrastructure/queue/queue-consumer.js';
import { PII_ROTATION_QUEUE, type PiiRotationJobData } from './pii-rotation-queue.js';
import type { PiiRotationStatus } from '../domain/pii-rotation-status.js';
import { PiiRotationAttemptFailedError } from './pii-rotation-attempt-failed.error.js';
import { PiiRotationProcessor } from './pii-rotation.processor.js';

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
    consumeQueue(this.queue, this.logger, {
      concurrency: 1,
      handle: (job) => this.handle(job),
      onFinalFailure: (job, error) => this.processor.giveUp(job.data.rotationId, error.message),
    });
  }

  private async handle(job: Job<PiiRotationJobData>): Promise<PiiRotationStatus | 'gone'> {
    const { rotationId } = job.data;
    try {
      const status = (await this.processor.run(rotationId, (percent) => job.progress(percent))) ?? 'gone';
      if (status === 'COMPLETED') await job.progress(100);
      return status;
    } catch (error) {
      const failure = new PiiRotationAttemptFailedError(error);
      this.logger.warn({ rotationId, attempt: job.attemptsMade + 1, reason: failure.message }, 'pii rotation attempt failed');
      throw failure;
    }
  }
}
