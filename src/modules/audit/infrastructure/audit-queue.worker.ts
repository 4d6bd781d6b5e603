import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { consumeQueue } from '../../../infrastructure/queue/queue-consumer.js';
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
    consumeQueue(this.queue, this.logger, { concurrency: 1, handle: () => this.writer.appendPending() });
    this.queue.on('failed', (job, error) =>
      this.logger.warn({ err: error, eventId: job.data.eventId, attempts: job.attemptsMade }, 'audit append failed; will retry'),
    );
  }
}
