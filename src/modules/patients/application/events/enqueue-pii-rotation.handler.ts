import { InjectQueue } from '@nestjs/bull';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { PII_ROTATION_QUEUE, type PiiRotationJobData } from '../../infrastructure/pii-rotation-queue.js';
import { PiiRotationStarted } from '../../domain/pii-rotation-started.event.js';

/**
 * Hands a started rotation to the pii-rotation queue, after the command's
 * transaction committed (the dispatcher delivers the event from the outbox).
 * The job id is the rotation id, so a redelivered event adds no second job;
 * attempts and backoff are the queue's defaults.
 */
@EventsHandler(PiiRotationStarted)
export class EnqueuePiiRotation implements IEventHandler<PiiRotationStarted> {
  constructor(@InjectQueue(PII_ROTATION_QUEUE) private readonly queue: Queue<PiiRotationJobData>) {}

  async handle(event: PiiRotationStarted): Promise<void> {
    const rotationId = event.aggregateId;
    await this.queue.add({ rotationId, correlationId: event.correlationId }, { jobId: rotationId });
  }
}
