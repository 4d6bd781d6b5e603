import { Controller, Get, Header, Logger, VERSION_NEUTRAL } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@hms/authz';
import { SkipRateLimit } from '../http/rate-limit.decorator.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE, IMPORTS_QUEUE } from '../queue/queue-names.js';
import { MetricsService } from './metrics.service.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Prometheus scrape endpoint; gauges that need I/O are read at scrape time, each bounded by a timeout. */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  private readonly logger = new Logger(MetricsController.name);

  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(DOMAIN_EVENTS_QUEUE) private readonly domainEvents: Queue,
    @InjectQueue(AUDIT_QUEUE) private readonly audit: Queue,
    @InjectQueue(IMPORTS_QUEUE) private readonly imports: Queue,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    await Promise.all([
      this.collectOutbox(),
      this.collectQueue(this.domainEvents),
      this.collectQueue(this.audit),
      this.collectQueue(this.imports),
    ]);
    return this.metrics.registry.metrics();
  }

  private async collectOutbox(): Promise<void> {
    try {
      const [row] = await this.dataSource.query<{ backlog: number; age: number; undispatched: number }[]>(
        `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS backlog,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE published_at IS NULL)), 0)::float AS age,
                count(*) FILTER (WHERE published_at IS NOT NULL AND dispatched_at IS NULL)::int AS undispatched
           FROM outbox WHERE published_at IS NULL OR dispatched_at IS NULL`,
      );
      this.metrics.outboxBacklog.set(row.backlog);
      this.metrics.outboxOldestAge.set(row.age);
      this.metrics.outboxUndispatched.set(row.undispatched);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read outbox metrics');
    }
  }

  private async collectQueue(queue: Queue): Promise<void> {
    if (queue.client.status !== 'ready') return;
    try {
      const counts = await queue.getJobCounts();
      for (const state of QUEUE_STATES) this.metrics.queueJobs.set({ queue: queue.name, state }, counts[state]);
    } catch (error) {
      this.logger.warn({ err: error, queue: queue.name }, 'could not read queue metrics');
    }
  }
}
