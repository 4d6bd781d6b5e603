import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainEvent, eventDeclarationOf, eventUpcasters, systemActor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type OutboxRow, toEnvelope } from './outbox-row.js';
import { OutboxSignal } from './outbox-signal.js';

/** Metadata key written by @nestjs/cqrs's @EventsHandler (not exported from the package root). */
const EVENTS_HANDLER_METADATA = '__eventsHandler__';

type EventClass = abstract new (...args: never[]) => DomainEvent<unknown>;

interface RegisteredHandler {
  readonly name: string;
  readonly eventClass: EventClass;
  readonly instance: IEventHandler<DomainEvent<unknown>>;
}

/** Thrown when an earlier event of the same aggregate has not been dispatched yet; the job retries. */
export class PredecessorPendingError extends Error {
  constructor(readonly blockingOutboxId: string) {
    super(`an earlier event of the same aggregate (outbox ${blockingOutboxId}) is not dispatched yet`);
    this.name = 'PredecessorPendingError';
  }
}

export type DispatchOutcome = 'dispatched' | 'already-dispatched' | 'unknown-event';

/**
 * Delivers committed events to the @EventsHandler classes of every context,
 * at least once and in aggregate order. Each handler runs in its own
 * transaction together with its inbox row (eventId + handler name), so a
 * redelivered event changes nothing the second time.
 */
@Injectable()
export class DomainEventDispatcher implements OnModuleInit {
  private readonly logger = new Logger(DomainEventDispatcher.name);
  private readonly handlersByType = new Map<string, RegisteredHandler[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly signal: OutboxSignal,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype;
      if (!instance || !metatype) continue;
      const events = Reflect.getMetadata(EVENTS_HANDLER_METADATA, metatype) as EventClass[] | undefined;
      if (!events) continue;
      for (const eventClass of events) {
        // By the declared type, not the class name: throws at start-up for a class that declares none.
        const { TYPE: type, FACT_ONLY: factOnly } = eventDeclarationOf(eventClass);
        // Fact-only events are stored already dispatched and leave the outbox once audited (ADR 26): it would never run.
        if (factOnly) throw new Error(`${metatype.name} handles ${type}, which is fact-only: no handler may subscribe to it`);
        if (eventUpcasters.currentType(type) !== type) {
          throw new Error(
            `${metatype.name} handles ${type}, which is read as ${eventUpcasters.currentType(type)}: it would never run`,
          );
        }
        const list = this.handlersByType.get(type) ?? [];
        if (list.some((h) => h.name === metatype.name)) {
          throw new Error(`Two event handlers named ${metatype.name} handle ${type}; inbox keys would collide`);
        }
        list.push({ name: metatype.name, eventClass, instance: instance as IEventHandler<DomainEvent<unknown>> });
        this.handlersByType.set(type, list);
      }
    }
  }

  /**
   * Whether any handler wants events stored under this type (read as its
   * upcast, current version); the relay marks the others dispatched as it
   * publishes them.
   */
  handles(type: string): boolean {
    return this.handlersByType.has(eventUpcasters.currentType(type));
  }

  async dispatch(eventId: string): Promise<DispatchOutcome> {
    const [row] = await this.dataSource.query<OutboxRow[]>(`SELECT * FROM outbox WHERE event_id = $1`, [eventId]);
    if (!row) return 'unknown-event';
    if (row.dispatched_at) return 'already-dispatched';

    const [blocking] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outbox
        WHERE aggregate_type = $1 AND aggregate_id = $2 AND id < $3 AND dispatched_at IS NULL
        ORDER BY id LIMIT 1`,
      [row.aggregate_type, row.aggregate_id, row.id],
    );
    if (blocking) throw new PredecessorPendingError(blocking.id);

    // Handlers are written against the current shape of their event: an older stored version is upcast first.
    const envelope = eventUpcasters.upcast(toEnvelope(row));
    for (const handler of this.handlersByType.get(envelope.type) ?? []) {
      const event = DomainEvent.rehydrate(handler.eventClass, envelope);
      try {
        await this.dataSource.transaction(async (manager) => {
          const claimed = await manager.query<unknown[]>(
            `INSERT INTO inbox (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [row.event_id, handler.name],
          );
          if (claimed.length === 0) return;
          await this.uow.runIn(manager, systemActor(`event-handler:${handler.name}`), () =>
            Promise.resolve(handler.instance.handle(event)),
          );
        });
        this.signal.committed();
      } catch (error) {
        this.metrics.eventHandlerFailures.inc({ handler: handler.name, event: row.type });
        await this.dataSource.query(
          `UPDATE outbox SET dispatch_attempts = dispatch_attempts + 1, last_error = $2 WHERE id = $1`,
          [row.id, `${handler.name}: ${error instanceof Error ? error.name : 'Error'}`],
        );
        this.logger.error(
          { err: error, eventId: row.event_id, eventType: row.type, handler: handler.name },
          'event handler failed; the event will be retried',
        );
        throw error;
      }
    }
    await this.dataSource.query(`UPDATE outbox SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL`, [row.id]);
    return 'dispatched';
  }
}
