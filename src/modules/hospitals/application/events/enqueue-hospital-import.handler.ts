import { Inject } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { addImportJob, IMPORTS_QUEUE, type ImportJobData } from '../../infrastructure/imports-queue.js';
import { HospitalBatchUploaded } from '../../domain/hospital-batch-uploaded.event.js';

/**
 * Hands an uploaded batch to the imports queue. The dispatcher delivers the
 * event at least once; the job id is the batch id, so Bull keeps one job per
 * batch, and the processor resumes rather than repeats, so even a second
 * job would store nothing twice.
 */
@EventsHandler(HospitalBatchUploaded)
export class EnqueueHospitalImport implements IEventHandler<HospitalBatchUploaded> {
  constructor(
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: HospitalBatchUploaded): Promise<void> {
    await addImportJob(
      this.queue,
      { batchId: event.aggregateId, correlationId: event.correlationId },
      this.config.hospitals.importAttempts,
    );
  }
}
