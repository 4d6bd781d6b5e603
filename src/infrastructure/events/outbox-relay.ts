import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { UpdateResult } from '../database/update-result.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE, type EventJobData } from '../queue/queue-names.js';
import { DomainEventDispatcher } from './domain-event-dispatcher.js';
import { OUTBOX_CHANNEL, OutboxSignal } from './outbox-signal.js';
import { RelayPacer } from './relay-pacer.js';

/** Only one relay publishes at a time, so jobs enter the queues in outbox order. */
const RELAY_LOCK_KEY = 7_211_002;
const ENQUEUE_TIMEOUT_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const REDIS_GRACE_MS = 5_000;
const LISTEN_RETRY_MS = 2_000;
/** Rounds start at least this far apart under load, so each carries a batch rather than one event. */
const MIN_ROUND_GAP_MS = 10;

interface PendingRow {
  id: string;
  event_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  correlation_id: string;
}

/** What a relay pass reads first: whether anything waits for publication, and the newest row waiting for the audit writer. */
type OutboxState = { unpublished: boolean } & { [K in keyof PendingRow]: PendingRow[K] | null };

function toJob(row: PendingRow): { data: EventJobData; opts: { jobId: string } } {
  return {
    data: {
      eventId: row.event_id,
      outboxId: String(row.id),
      type: row.type,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      aggregateVersion: row.aggregate_version,
      correlationId: row.correlation_id,
    },
    // The event id as job id: Bull ignores a second add of a job it still holds.
    opts: { jobId: row.event_id },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows to the Bull queues (worker role). Woken after
 * commits (OutboxSignal: directly in this process, LISTEN/NOTIFY from
 * others), with polling as the fallback. Only events some handler wants go
 * to the domain-events queue; the rest are marked dispatched as they are
 * published. Fact-only rows are stored published (ADR 26) and never pass
 * here: each round wakes the audit writer for whatever waits for it,
 * published or not. While Redis is unreachable it publishes nothing and the
 * rows wait in PostgreSQL; nothing is lost, and the backlog drains on return.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: pg.Client;
  private stopped = false;
  private running?: Promise<void>;
  private pacer: RelayPacer;
  private unsubscribe?: () => void;
  private listenTimer?: NodeJS.Timeout;
  private lastPrune = 0;
  /** When Redis was first seen unreachable; warn only after a grace period (start-up connects lazily). */
  private unreachableSince?: number;
  private redisWarned = false;
  /** Set whenever the domain-events queue's Redis connects: the jobs it held may be gone. */
  private redeliveryDue = false;
  /** The newest unaudited outbox row the audit writer was last woken for. */
  private auditWokenFor?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(DOMAIN_EVENTS_QUEUE) private readonly domainEvents: Queue<EventJobData>,
    @InjectQueue(AUDIT_QUEUE) private readonly audit: Queue<EventJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly dispatcher: DomainEventDispatcher,
    private readonly signal: OutboxSignal,
  ) {
    this.pacer = new RelayPacer(config.outbox.pollIntervalMs, MIN_ROUND_GAP_MS);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.pacer = new RelayPacer(this.config.outbox.pollIntervalMs, MIN_ROUND_GAP_MS);
    this.unsubscribe = this.signal.onCommitted(() => this.pacer.wake());
    this.redeliveryDue = true;
    this.domainEvents.client.on('ready', this.onRedisReady);
    void this.listen();
    this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.domainEvents.client.off('ready', this.onRedisReady);
    this.pacer.stop();
    clearTimeout(this.listenTimer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Publishes everything pending now and wakes the audit writer for what
   * waits for it; returns how many events it moved. Used by the loop and by
   * tests. Each pass begins with one statement that says whether anything
   * waits for either, so a round that finds only fact-only rows (or
   * nothing) opens no transaction.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      if (!this.queuesUsable()) return total;
      const [state] = await this.dataSource.query<OutboxState[]>(
        `SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL) AS unpublished, newest.*
           FROM (SELECT 1) AS one
           LEFT JOIN LATERAL (
             SELECT id, event_id, type, aggregate_type, aggregate_id, aggregate_version, correlation_id
               FROM outbox WHERE audited_at IS NULL ORDER BY id DESC LIMIT 1) AS newest ON true`,
      );
      const moved = state.unpublished ? await this.publishBatch() : 0;
      total += moved;
      await this.wakeAuditWriter(state);
      if (moved < this.config.outbox.batchSize || this.stopped) return total;
    }
  }

  private readonly onRedisReady = () => {
    this.redeliveryDue = true;
    // The wake-up job may have been lost with Redis: wake the writer again.
    this.auditWokenFor = undefined;
    this.pacer.wake();
  };

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const started = this.pacer.roundStarted();
      try {
        await this.redeliverIfDue();
        await this.drain();
        await this.pruneIfDue();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay round failed; retrying');
      }
      await this.pacer.next(started);
    }
  }

  private queuesReady(): boolean {
    return this.domainEvents.client.status === 'ready' && this.audit.client.status === 'ready';
  }

  /** Whether the queues can take jobs; warns once when Redis stays away past the grace period, and when it returns. */
  private queuesUsable(): boolean {
    if (!this.queuesReady()) {
      this.unreachableSince ??= Date.now();
      if (!this.redisWarned && Date.now() - this.unreachableSince > REDIS_GRACE_MS) {
        this.logger.warn('Redis unreachable: outbox events wait in PostgreSQL until it returns');
        this.redisWarned = true;
      }
      return false;
    }
    if (this.redisWarned) this.logger.log('Redis reachable again: draining the outbox');
    this.redisWarned = false;
    this.unreachableSince = undefined;
    return true;
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        RELAY_LOCK_KEY,
      ]);
      if (!locked) return 0;
      const rows = await manager.query<PendingRow[]>(
        `SELECT id, event_id, type, aggregate_type, aggregate_id, aggregate_version, correlation_id
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.outbox.batchSize],
      );
      if (rows.length === 0) return 0;

      const handled = rows.filter((row) => this.dispatcher.handles(row.type));
      if (handled.length > 0) {
        await withTimeout(this.domainEvents.addBulk(handled.map(toJob)), ENQUEUE_TIMEOUT_MS, 'enqueueing outbox events');
      }
      const unhandled = rows.filter((row) => !this.dispatcher.handles(row.type)).map((row) => row.id);
      await manager.query(
        `UPDATE outbox SET published_at = now(),
                dispatched_at = CASE WHEN id = ANY($2::bigint[]) THEN now() ELSE dispatched_at END
          WHERE id = ANY($1::bigint[])`,
        [rows.map((row) => row.id), unhandled],
      );
      this.metrics.outboxPublished.inc(rows.length);
      return rows.length;
    });
  }

  /**
   * Adds one audit job when committed rows wait for the audit writer beyond
   * the newest one it was last woken for (`newest`: read from the unaudited
   * partial index). Fact-only rows are never published, so this, not
   * publication, is what wakes the writer. It appends everything pending,
   * so one job per change is enough, and rounds start at least
   * MIN_ROUND_GAP_MS apart, so wake-ups stay coalesced under load. When the
   * newest waiting row is the one last woken for, that job has not finished
   * yet; a row committed meanwhile with a lower id is found by the writer's
   * last look before it ends (AuditWriter.appendPending). A job lost with
   * Redis is repaired once Redis reconnects, and by the writer's sweep.
   */
  private async wakeAuditWriter(newest: OutboxState): Promise<void> {
    if (newest.id === null || newest.id === this.auditWokenFor) return;
    const job = toJob(newest as PendingRow);
    await withTimeout(this.audit.add(job.data, job.opts), ENQUEUE_TIMEOUT_MS, 'waking the audit writer');
    this.auditWokenFor = newest.id;
  }

  /**
   * Redis may come back without the jobs it held (restarted without
   * persistence, or the last second of its append-only file lost), and an
   * event whose job is gone would never be dispatched. So once the queue has
   * (re)connected, events published but not yet dispatched are published
   * again, in outbox order: Bull ignores a job id it still holds, and the
   * inbox makes a second delivery of a lost-and-found one harmless.
   */
  private async redeliverIfDue(): Promise<void> {
    if (!this.redeliveryDue || !this.queuesReady()) return;
    this.redeliveryDue = false;
    try {
      const [, count] = await this.dataSource.query<UpdateResult<unknown>>(
        `UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL AND dispatched_at IS NULL`,
      );
      if (count > 0) this.logger.log({ events: count }, 'undispatched events handed to the queue again after Redis connected');
    } catch (error) {
      this.redeliveryDue = true;
      throw error;
    }
  }

  /**
   * Drops rows that are published, dispatched, audited and older than the
   * retention, and old inbox keys. Fact-only rows are never here: the audit
   * writer deletes them as it chains them.
   */
  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const days = this.config.outbox.retentionDays;
    // The outbox is the audit store's only source: a row not yet audited is kept however old it is.
    await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL AND dispatched_at IS NOT NULL AND audited_at IS NOT NULL
         AND created_at < now() - make_interval(days => $1)`,
      [days],
    );
    await this.dataSource.query(`DELETE FROM inbox WHERE processed_at < now() - make_interval(days => $1)`, [days * 4]);
  }

  private scheduleListen(delayMs: number): void {
    if (this.stopped || this.listenTimer) return;
    this.listenTimer = setTimeout(() => {
      this.listenTimer = undefined;
      void this.listen();
    }, delayMs);
    this.listenTimer.unref();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.database.url, application_name: 'hms-outbox-listener' });
    client.on('notification', () => this.pacer.wake());
    client.on('error', (error) =>
      this.logger.warn({ err: error }, 'outbox listener connection lost; polling until it reconnects'),
    );
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
      this.scheduleListen(LISTEN_RETRY_MS);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox listener could not connect; polling meanwhile');
      await client.end().catch(() => undefined);
      this.scheduleListen(LISTEN_RETRY_MS);
    }
  }
}
