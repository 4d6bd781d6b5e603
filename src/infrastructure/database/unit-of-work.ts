import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, type DomainEvent, uuidv7 } from '@hms/ddd';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context.js';
import { OutboxSignal } from '../events/outbox-signal.js';
import { appendToOutbox, type SqlStatement } from '../events/outbox-writer.js';
import { PreparedStatements } from './prepared-statements.js';
import type { TransactionContext } from './transaction-context.js';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

interface OpenTransaction {
  readonly manager: EntityManager;
  readonly isolation: IsolationLevel;
  readonly events: DomainEvent<unknown>[];
  /** Events written by a recorded read inside this transaction (already in the outbox, counted for the wake-up). */
  written: number;
  /** Savepoints opened so far, for their names. */
  savepoints: number;
}

const ambient = new AsyncLocalStorage<OpenTransaction>();

/**
 * One transaction per command: the handler's writes and the outbox rows of
 * the events it records commit or roll back together. The open transaction
 * is kept in AsyncLocalStorage, so a command run while one is open in this
 * async context (an event handler calling a command) joins it instead of
 * opening a second one, and a query sent from inside reads through
 * `manager()` on the same connection: it sees the uncommitted rows, its
 * locks last until the commit, and a unit of work never holds one pooled
 * connection while waiting for another (ADR 15).
 */
@Injectable()
export class UnitOfWork {
  private readonly prepared: PreparedStatements;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signal: OutboxSignal,
  ) {
    this.prepared = new PreparedStatements(dataSource);
  }

  async run<T>(
    actor: Actor,
    work: (tx: TransactionContext) => Promise<T>,
    options: { isolation?: IsolationLevel } = {},
  ): Promise<T> {
    const open = ambient.getStore();
    if (open) {
      // Joining would silently run the work under the outer level: refuse instead.
      if (options.isolation && options.isolation !== open.isolation) {
        throw new Error(`A unit of work asking for ${options.isolation} cannot join the open ${open.isolation} transaction`);
      }
      return work(this.contextFor(open, actor));
    }
    const isolation = options.isolation ?? 'READ COMMITTED';
    let appended = 0;
    const result = await this.dataSource.transaction(isolation, async (manager) => {
      const [value, count] = await this.within(manager, isolation, actor, work);
      appended = count;
      return value;
    });
    if (appended > 0) this.signal.committed();
    return result;
  }

  /**
   * The manager to read and write with: the open unit of work's in this
   * async context, or else the pool's (one statement, one connection).
   * Query handlers read through it, so a query sent from a command runs
   * inside the command's transaction.
   */
  manager(): EntityManager {
    return ambient.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Where one read statement of a hot path runs: inside the open unit of
   * work as any other, or else as a named prepared statement (planned once
   * per connection, ADR 29), for reads whose planning costs about what
   * running them does (a patient's timeline).
   */
  hotReader(): { query<R>(sql: string, params: unknown[]): Promise<R[]> } {
    const open = ambient.getStore();
    if (open) return { query: <R>(sql: string, params: unknown[]) => open.manager.query<R[]>(sql, params) };
    return { query: <R>(sql: string, params: unknown[]) => this.prepared.query<R>(sql, params) };
  }

  /**
   * Runs work under a savepoint of the open unit of work: when it throws,
   * its writes and the events it recorded are undone and the transaction
   * goes on, so one refused record of a batch's chunk leaves the others
   * (and commands sent from the work join the transaction as usual).
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const open = ambient.getStore();
    if (!open) throw new Error('A savepoint needs an open unit of work');
    open.savepoints += 1;
    const name = `uow_${open.savepoints}`;
    const events = open.events.length;
    const written = open.written;
    await open.manager.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await open.manager.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await open.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      open.events.length = events;
      open.written = written;
      throw error;
    }
  }

  /** Whether a unit of work is open in this async context (a row lock taken now would last until its commit). */
  inTransaction(): boolean {
    return ambient.getStore() !== undefined;
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
   * A read that records its own access events in the same statement (ADR
   * 29): `statement` gets the events stamped for this actor and request and
   * renders them into its SQL (recordedReadSql); the rows it answers say
   * whether they were written (`access_recorded`). On its own the statement
   * is its own commit, run as a prepared statement (planned once per
   * connection: on the hottest path planning cost more than running it);
   * inside an open unit of work it is part of it.
   */
  async recordedRead<R extends { access_recorded: boolean }>(
    actor: Actor,
    events: readonly DomainEvent<unknown>[],
    statement: (stamped: readonly DomainEvent<unknown>[]) => SqlStatement,
  ): Promise<R[]> {
    const open = ambient.getStore();
    const correlationId = RequestContext.correlationId() ?? uuidv7();
    const { sql, params } = statement(events.map((event) => event.stamp(actor, correlationId)));
    const rows = open ? await open.manager.query<R[]>(sql, params) : await this.prepared.query<R>(sql, params);
    if (rows.some((row) => row.access_recorded)) {
      if (open) open.written += events.length;
      else this.signal.committed();
    }
    return rows;
  }

  /**
   * Runs work inside a transaction the caller already opened (the event
   * dispatcher's, at `isolation`); the caller calls OutboxSignal.committed()
   * after its commit.
   */
  async runIn<T>(
    manager: EntityManager,
    actor: Actor,
    work: (tx: TransactionContext) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    const [result] = await this.within(manager, isolation, actor, work);
    return result;
  }

  /** The work's result and how many events it appended to the outbox. */
  private async within<T>(
    manager: EntityManager,
    isolation: IsolationLevel,
    actor: Actor,
    work: (tx: TransactionContext) => Promise<T>,
  ): Promise<[T, number]> {
    const open: OpenTransaction = { manager, isolation, events: [], written: 0, savepoints: 0 };
    const result = await ambient.run(open, () => work(this.contextFor(open, actor)));
    await appendToOutbox(manager, open.events);
    return [result, open.events.length + open.written];
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
