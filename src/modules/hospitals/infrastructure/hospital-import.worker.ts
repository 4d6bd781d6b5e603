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
import { addImportJob, IMPORTS_QUEUE, type ImportJobData } from './imports-queue.js';
import type { ImportBatchStatus } from '../domain/import-batch-status.js';
import { HospitalImportProcessor } from './hospital-import.processor.js';
import { ImportBatchRepository } from './import-batch.repository.js';

/**
 * Consumes the imports queue (worker role). A failed attempt is retried by
 * Bull and resumes after the last stored chunk; when a job fails for good
 * (its last attempt, or stalled too often), its batch is marked FAILED.
 *
 * Redis may come back without the jobs it held (restarted without
 * persistence, or the last second of its append-only file lost): each time
 * the queue connects, every batch still in progress gets its job again.
 * Bull ignores the add while it still holds that batch's job; a batch whose
 * job was lost while a worker was running it may run twice at once, which
 * stores and counts each row once (ADR 8).
 */
@Injectable()
export class HospitalImportWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(HospitalImportWorker.name);

  constructor(
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportJobData>,
    private readonly processor: HospitalImportProcessor,
    private readonly batches: ImportBatchRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    consumeQueue(this.queue, this.logger, {
      concurrency: this.config.hospitals.importConcurrency,
      handle: (job) => this.handle(job),
      onFinalFailure: (job) => this.processor.giveUp(job.data.batchId),
    });
    this.queue.client.on('ready', () => void this.requeueInProgress());
    if (this.queue.client.status === 'ready') void this.requeueInProgress();
  }

  private async requeueInProgress(): Promise<void> {
    try {
      const ids = await this.batches.inProgressIds(this.dataSource.manager);
      const attempts = this.config.hospitals.importAttempts;
      // The upload's request id is not kept with the batch: a resumed run gets one of its own.
      for (const batchId of ids) await addImportJob(this.queue, { batchId, correlationId: uuidv7() }, attempts);
      if (ids.length > 0) this.logger.log({ batches: ids.length }, 'import batches in progress handed to the queue again');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not hand import batches in progress to the queue again; next time Redis connects');
    }
  }

  private async handle(job: Job<ImportJobData>): Promise<ImportBatchStatus | 'gone'> {
    const { batchId } = job.data;
    try {
      const status = (await this.processor.process(batchId)) ?? 'gone';
      this.logger.log({ batchId, status }, 'import batch processed');
      return status;
    } catch (error) {
      const failure = new AttemptFailedError('import', error);
      this.logger.warn({ batchId, attempt: job.attemptsMade + 1, reason: failure.message }, 'import attempt failed');
      throw failure;
    }
  }
}
