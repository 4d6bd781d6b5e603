import type { Actor, DomainEvent } from '@hms/ddd';
import type { EntityManager } from 'typeorm';

/** What a command handler gets inside UnitOfWork.run: the transaction and the event recorder. */
export interface TransactionContext {
  readonly manager: EntityManager;
  readonly actor: Actor;
  readonly correlationId: string;
  /** Appends events to the outbox when (and only if) the transaction commits. */
  record(...events: DomainEvent<unknown>[]): void;
  recordAndReturn<T>(events: readonly DomainEvent<unknown>[], value: T): T;
}
