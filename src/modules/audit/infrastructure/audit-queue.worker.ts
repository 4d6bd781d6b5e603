import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { AUDIT_QUEUE, type EventJobData } from '../../../infrastructure/queue/queue-names.js';
import { AuditWriter } from './audit-writer.js';

/**
 * Consumes the audit queue (worker role). A job only says "something was
 * committed": the writer appends everything pending from the outbox, so a
 * lost, repeated or reordered job changes nothing. One at a time, because
 * writers serialise on the chain head anyway.
 */
@Injectable()
export class AuditQueueWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditQueueWorker.name);

  constructor(
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue<EventJobData>,
    private readonly writer: AuditWriter,
  ) {}

  onApplicationBootstrap(): void {
    // Closed with the queue on shutdown, after the job in progress finishes.
    void this.queue
      .process(1, () => this.writer.appendPending())
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'audit consumer stopped');
      });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'audit queue connection error'));
    this.queue.on('failed', (job, error) =>
      this.logger.warn({ err: error, eventId: job.data.eventId, attempts: job.attemptsMade }, 'audit append failed; will retry'),
    );
  }
}
