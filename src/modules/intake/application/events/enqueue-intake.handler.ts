import { Inject } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { IntakeBatchReceived } from '../../domain/intake-events.js';
import { addIntakeJob, INTAKE_QUEUE, type IntakeJobData } from '../../infrastructure/intake-queue.js';

/**
 * Hands a received batch to the intake queue. The dispatcher delivers the
 * event at least once (after Redis returns, if it was down); the job id is
 * the batch id, and the worker resumes rather than repeats.
 */
@EventsHandler(IntakeBatchReceived)
export class EnqueueIntake implements IEventHandler<IntakeBatchReceived> {
  constructor(
    @InjectQueue(INTAKE_QUEUE) private readonly queue: Queue<IntakeJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: IntakeBatchReceived): Promise<void> {
    await addIntakeJob(
      this.queue,
      { batchId: event.aggregateId, correlationId: event.correlationId },
      this.config.intake.attempts,
    );
  }
}
