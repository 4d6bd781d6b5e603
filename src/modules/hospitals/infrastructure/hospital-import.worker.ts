import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { RequestContext } from '../../../infrastructure/context/request-context.js';
import { IMPORTS_QUEUE, type ImportJobData } from '../../../infrastructure/queue/queue-names.js';
import type { ImportBatchStatus } from '../domain/import-batch-status.js';
import { HospitalImportProcessor } from './hospital-import.processor.js';
import { ImportAttemptFailedError } from './import-attempt-failed.error.js';

/** Bull's reason for a job that stalled (its worker died) more often than allowed; it is not retried. */
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

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
    // Closed with the queue on shutdown, after the jobs in progress finish.
    void this.queue
      .process(this.config.hospitals.importConcurrency, (job) => this.handle(job))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'imports consumer stopped');
      });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'imports queue connection error'));
    this.queue.on('failed', (job: Job<ImportJobData>, error: Error) => {
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.message === STALLED_TOO_OFTEN;
      if (!final) return;
      void RequestContext.run({ correlationId: job.data.correlationId }, () => this.processor.giveUp(job.data.batchId)).catch(
        (giveUpError: unknown) =>
          // The batch stays IN_PROGRESS; `queues:retry-failed imports` resumes it.
          this.logger.error({ err: giveUpError, batchId: job.data.batchId }, 'could not mark a failed import batch FAILED'),
      );
    });
  }

  private async handle(job: Job<ImportJobData>): Promise<ImportBatchStatus | 'gone'> {
    const { batchId, correlationId } = job.data;
    return RequestContext.run({ correlationId }, async () => {
      try {
        const status = (await this.processor.process(batchId)) ?? 'gone';
        this.logger.log({ batchId, status }, 'import batch processed');
        return status;
      } catch (error) {
        const failure = new ImportAttemptFailedError(error);
        this.logger.warn({ batchId, attempt: job.attemptsMade + 1, reason: failure.message }, 'import attempt failed');
        throw failure;
      }
    });
  }
}
