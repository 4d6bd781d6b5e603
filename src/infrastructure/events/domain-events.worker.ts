import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { consumeQueue } from '../queue/queue-consumer.js';
import { DOMAIN_EVENTS_QUEUE, type EventJobData } from '../queue/queue-names.js';
import { DomainEventDispatcher, type DispatchOutcome, PredecessorPendingError } from './domain-event-dispatcher.js';

/** Consumes the domain-events queue (worker role) and hands each event to the dispatcher. */
@Injectable()
export class DomainEventsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(DomainEventsWorker.name);

  constructor(
    @InjectQueue(DOMAIN_EVENTS_QUEUE) private readonly queue: Queue<EventJobData>,
    private readonly dispatcher: DomainEventDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    consumeQueue(this.queue, this.logger, {
      concurrency: this.config.queue.domainEventsConcurrency,
      handle: (job) => this.handle(job),
    });
  }

  private async handle(job: Job<EventJobData>): Promise<DispatchOutcome> {
    const { eventId, type } = job.data;
    try {
      const outcome = await this.dispatcher.dispatch(eventId);
      if (outcome === 'unknown-event') this.logger.warn({ eventId, eventType: type }, 'event no longer in the outbox');
      return outcome;
    } catch (error) {
      if (error instanceof PredecessorPendingError) {
        this.logger.debug({ eventId, eventType: type }, error.message);
      }
      throw error;
    }
  }
}
