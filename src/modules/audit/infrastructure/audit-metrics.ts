import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service.js';

const LAG_QUERY_TIMEOUT_MS = 2_000;

/** The audit store's metrics, on the application's registry. */
@Injectable()
export class AuditMetrics {
  private readonly logger = new Logger(AuditMetrics.name);
  private chainValid?: Gauge;

  readonly appended: Counter;
  readonly versionConflicts: Counter;
  readonly appendLag: Gauge;

  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const registers = [metrics.registry];
    this.appended = new Counter({
      name: 'audit_events_appended_total',
      help: 'Events appended to the hash-chained audit store',
      registers,
    });
    this.versionConflicts = new Counter({
      name: 'audit_version_conflicts_total',
      help: 'Audited events whose aggregate version another event had already claimed (a bug upstream)',
      registers,
    });
    const lagSeconds = () => this.lagSeconds();
    this.appendLag = new Gauge({
      name: 'audit_append_lag_seconds',
      help: 'Age of the oldest committed event not yet in the audit store (0 when none waits)',
      registers,
      // Read at scrape time; on failure the previous value stays rather than failing the scrape.
      async collect() {
        const lag = await lagSeconds();
        if (lag !== undefined) this.set(lag);
      },
    });
  }

  /**
   * audit_chain_valid exists only once a verification has run, so a process
   * that never verifies (api role, or verification disabled) does not report
   * a broken chain.
   */
  reportChain(valid: boolean): void {
    this.chainValid ??= new Gauge({
      name: 'audit_chain_valid',
      help: '1 when the last verification of the audit hash chain passed, 0 when it found a break',
      registers: [this.metrics.registry],
    });
    this.chainValid.set(valid ? 1 : 0);
  }

  private async lagSeconds(): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const query = this.dataSource.query<{ age: number }[]>(
        `SELECT COALESCE(EXTRACT(EPOCH FROM now() - (SELECT created_at FROM outbox WHERE audited_at IS NULL ORDER BY id LIMIT 1)), 0)::float AS age`,
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('audit lag query timed out')), LAG_QUERY_TIMEOUT_MS);
      });
      const [row] = await Promise.race([query, timeout]);
      return Math.max(0, row.age);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the audit append lag');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
