import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { consumeQueue } from '../../../infrastructure/queue/queue-consumer.js';
import { IMPORTS_QUEUE, type ImportJobData } from './imports-queue.js';
import type { ImportBatchStatus } from '../domain/import-batch-status.js';
import { HospitalImportProcessor } from './hospital-import.processor.js';
import { ImportAttemptFailedError } from './import-attempt-failed.error.js';

/**
 * Consumes the imports queue (worker role). A failed attempt is retried by
 * Bull and resumes after the last stored chunk; when a job fails for good
 * (its last attempt, or stalled too often), its batch is marked FAILED.
 */
@Injectable()
export class HospitalImportWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(HospitalImportWorker.name);

  constructor(
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportJobData>,
    private readonly processor: HospitalImportProcessor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    consumeQueue(this.queue, this.logger, {
      concurrency: this.config.hospitals.importConcurrency,
      handle: (job) => this.handle(job),
      onFinalFailure: (job) => this.processor.giveUp(job.data.batchId),
    });
  }

  private async handle(job: Job<ImportJobData>): Promise<ImportBatchStatus | 'gone'> {
    const { batchId } = job.data;
    try {
      const status = (await this.processor.process(batchId)) ?? 'gone';
      this.logger.log({ batchId, status }, 'import batch processed');
      return status;
    } catch (error) {
      const failure = new ImportAttemptFailedError(error);
      this.logger.warn({ batchId, attempt: job.attemptsMade + 1, reason: failure.message }, 'import attempt failed');
      throw failure;
    }
  }
}
