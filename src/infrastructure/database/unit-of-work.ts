import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, type DomainEvent, uuidv7 } from '@hms/ddd';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context.js';
import { OutboxSignal } from '../events/outbox-signal.js';
import { appendToOutbox } from '../events/outbox-writer.js';
import type { TransactionContext } from './transaction-context.js';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

interface OpenTransaction {
  readonly manager: EntityManager;
  readonly events: DomainEvent<unknown>[];
}

const ambient = new AsyncLocalStorage<OpenTransaction>();

/**
 * One transaction per command: the handler's writes and the outbox rows of
 * the events it records commit or roll back together. A command run while a
 * transaction is already open in this async context (an event handler
 * calling a command) joins it instead of opening a second one.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signal: OutboxSignal,
  ) {}

  async run<T>(
    actor: Actor,
    work: (tx: TransactionContext) => Promise<T>,
    options: { isolation?: IsolationLevel } = {},
  ): Promise<T> {
    const open = ambient.getStore();
    if (open) return work(this.contextFor(open, actor));
    let appended = 0;
    const result = await this.dataSource.transaction(options.isolation ?? 'READ COMMITTED', async (manager) => {
      const [value, count] = await this.within(manager, actor, work);
      appended = count;
      return value;
    });
    if (appended > 0) this.signal.committed();
    return result;
  }

  /**
   * Records facts with no state change (access decisions, reads of patient
   * data): joins an open transaction, or else writes them in one atomic
   * statement, a single round trip on the hot read paths.
   */
  async record(actor: Actor, ...events: DomainEvent<unknown>[]): Promise<void> {
    const open = ambient.getStore();
    if (open) return this.contextFor(open, actor).record(...events);
    const correlationId = RequestContext.correlationId() ?? uuidv7();
    await appendToOutbox(
      this.dataSource,
      events.map((event) => event.stamp(actor, correlationId)),
    );
    this.signal.committed();
  }

  /**
   * Runs work inside a transaction the caller already opened (the event
   * dispatcher's); the caller calls OutboxSignal.committed() after its commit.
   */
  async runIn<T>(manager: EntityManager, actor: Actor, work: (tx: TransactionContext) => Promise<T>): Promise<T> {
    const [result] = await this.within(manager, actor, work);
    return result;
  }

  /** The work's result and how many events it appended to the outbox. */
  private async within<T>(
    manager: EntityManager,
    actor: Actor,
    work: (tx: TransactionContext) => Promise<T>,
  ): Promise<[T, number]> {
    const open: OpenTransaction = { manager, events: [] };
    const result = await ambient.run(open, () => work(this.contextFor(open, actor)));
    await appendToOutbox(manager, open.events);
    return [result, open.events.length];
  }

  private contextFor(open: OpenTransaction, actor: Actor): TransactionContext {
    const correlationId = RequestContext.correlationId() ?? uuidv7();
    const record = (...events: DomainEvent<unknown>[]) => {
      for (const event of events) open.events.push(event.stamp(actor, correlationId));
    };
    return {
      manager: open.manager,
      actor,
      correlationId,
      record,
      recordAndReturn: (events, value) => {
        record(...events);
        return value;
      },
    };
  }
}
