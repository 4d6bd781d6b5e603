import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { InjectDataSource } from '@nestjs/typeorm';
import { uuidv7 } from '@hms/ddd';
import type { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { AttemptFailedError } from '../../../infrastructure/queue/attempt-failed.error.js';
import { consumeQueue } from '../../../infrastructure/queue/queue-consumer.js';
import type { IntakeBatchStatus } from '../domain/intake-batch-status.js';
import { IntakeBatchRepository } from './intake-batch.repository.js';
import { addIntakeJob, INTAKE_QUEUE, type IntakeJobData } from './intake-queue.js';
import { IntakeProcessor } from './intake.processor.js';

/**
 * Consumes the intake queue (worker role). A failed attempt is retried by
 * Bull and resumes after the last committed chunk; a job that fails for good
 * (its last attempt, or stalled too often) marks its batch failed.
 *
 * Redis may come back without the jobs it held: each time the queue
 * connects, every batch not yet settled gets its job again (Bull ignores the
 * add while it still holds one). Should a batch then run twice at once, each
 * chunk holds the batch row and applies only what is still to do.
 */
@Injectable()
export class IntakeWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntakeWorker.name);

  constructor(
    @InjectQueue(INTAKE_QUEUE) private readonly queue: Queue<IntakeJobData>,
    private readonly processor: IntakeProcessor,
    private readonly batches: IntakeBatchRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    consumeQueue(this.queue, this.logger, {
      concurrency: this.config.intake.concurrency,
      handle: (job) => this.handle(job),
      onFinalFailure: (job) => this.processor.giveUp(job.data.batchId),
    });
    this.queue.client.on('ready', () => void this.requeueUnfinished());
    if (this.queue.client.status === 'ready') void this.requeueUnfinished();
  }

  private async requeueUnfinished(): Promise<void> {
    try {
      const ids = await this.batches.unfinishedIds(this.dataSource.manager);
      for (const batchId of ids) {
        await addIntakeJob(this.queue, { batchId, correlationId: uuidv7() }, this.config.intake.attempts);
      }
      if (ids.length > 0) this.logger.log({ batches: ids.length }, 'unfinished intake batches handed to the queue again');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not hand unfinished intake batches to the queue again; next time Redis connects');
    }
  }

  private async handle(job: Job<IntakeJobData>): Promise<IntakeBatchStatus | 'gone'> {
    const { batchId } = job.data;
    try {
      const status = (await this.processor.process(batchId)) ?? 'gone';
      this.logger.log({ batchId, status }, 'intake batch processed');
      return status;
    } catch (error) {
      const failure = new AttemptFailedError('intake', error);
      this.logger.warn({ batchId, attempt: job.attemptsMade + 1, reason: failure.message }, 'intake attempt failed');
      throw failure;
    }
  }
}
