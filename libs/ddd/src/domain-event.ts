import type { Actor } from './actor.js';
import { uuidv7 } from './uuid-v7.js';

export interface DomainEventProps<P> {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
  readonly occurredAt?: Date;
}

/** The stored form of an event (outbox row, queue consumer input). */
export interface DomainEventEnvelope<P = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
}

/**
 * A fact that happened to an aggregate, named in the past tense. The class
 * name is the event's type and is persisted: renaming an event class is a
 * breaking change to the event store.
 *
 * Actor and correlation id are stamped by the unit of work when the event is
 * recorded, so domain code does not have to thread them through.
 */
export abstract class DomainEvent<P = Record<string, unknown>> implements DomainEventEnvelope<P> {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly payload: P;
  private stampedActor?: Actor;
  private stampedCorrelationId?: string;

  protected constructor(props: DomainEventProps<P>) {
    this.eventId = uuidv7();
    this.type = new.target.name;
    this.occurredAt = props.occurredAt ?? new Date();
    this.aggregateType = props.aggregateType;
    this.aggregateId = props.aggregateId;
    this.aggregateVersion = props.aggregateVersion;
    this.payload = props.payload;
  }

  get actor(): Actor {
    if (!this.stampedActor) throw new Error(`${this.type} has not been recorded yet: no actor`);
    return this.stampedActor;
  }

  get correlationId(): string {
    if (!this.stampedCorrelationId) throw new Error(`${this.type} has not been recorded yet: no correlation id`);
    return this.stampedCorrelationId;
  }

  /** Called once by the unit of work; later calls keep the first stamp. */
  stamp(actor: Actor, correlationId: string): this {
    this.stampedActor ??= actor;
    this.stampedCorrelationId ??= correlationId;
    return this;
  }

  /** Rebuilds an event instance of the given class from its stored envelope. */
  static rehydrate<E extends DomainEvent<unknown>>(
    eventClass: abstract new (...args: never[]) => E,
    envelope: DomainEventEnvelope,
  ): E {
    const event = Object.create(eventClass.prototype as object) as E;
    const target = event as unknown as Record<string, unknown>;
    Object.assign(target, {
      eventId: envelope.eventId,
      type: envelope.type,
      occurredAt: envelope.occurredAt,
      aggregateType: envelope.aggregateType,
      aggregateId: envelope.aggregateId,
      aggregateVersion: envelope.aggregateVersion,
      payload: envelope.payload,
      stampedActor: envelope.actor,
      stampedCorrelationId: envelope.correlationId,
    });
    return event;
  }
}
