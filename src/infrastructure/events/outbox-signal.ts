import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export const OUTBOX_CHANNEL = 'hms_outbox';

/** How long wake-ups gather before one NOTIFY carries them all. */
const COALESCE_MS = 5;

/**
 * Tells the outbox relay that events were committed. A relay in this process
 * is woken directly. Otherwise one NOTIFY is sent for all commits of a short
 * window, on its own and never inside the writer's transaction: PostgreSQL
 * serialises the commits of transactions that NOTIFY (a database-wide lock
 * held through the WAL flush), which cut commit throughput fivefold when
 * every read's access event carried one (docs/benchmarks.md). A lost wake-up
 * only delays publication until the relay's next poll.
 */
@Injectable()
export class OutboxSignal implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSignal.name);
  private readonly local = new Set<() => void>();
  private timer?: NodeJS.Timeout;
  private sending = false;
  private sendAgain = false;
  private closed = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Call once the transaction that appended to the outbox has committed. */
  committed(): void {
    if (this.local.size > 0) {
      for (const wake of this.local) wake();
      return;
    }
    if (this.closed || this.timer) return;
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.timer = setTimeout(() => void this.notify(), COALESCE_MS);
  }

  /** A relay in this process registers here; returns the function that unregisters it. */
  onCommitted(wake: () => void): () => void {
    this.local.add(wake);
    return () => this.local.delete(wake);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async notify(): Promise<void> {
    this.timer = undefined;
    this.sending = true;
    try {
      await this.dataSource.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    } catch (error) {
      this.logger.debug({ err: error }, 'outbox wake-up not sent; the relay will find the events when it polls');
    } finally {
      this.sending = false;
      if (this.sendAgain) {
        this.sendAgain = false;
        this.committed();
      }
    }
  }
}
