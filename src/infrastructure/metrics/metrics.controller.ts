import { getQueueToken } from '@nestjs/bull';
import { Controller, Get, Header, Inject, Logger, type OnApplicationBootstrap, VERSION_NEUTRAL } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@hms/authz';
import { SkipRateLimit } from '../http/rate-limit.decorator.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { QUEUE_NAMES } from '../queue/queue.module.js';
import { MetricsService } from './metrics.service.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Prometheus scrape endpoint; gauges that need I/O are read at scrape time, each bounded by a timeout. */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController implements OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsController.name);
  private queues: Queue[] = [];

  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_NAMES) private readonly queueNames: readonly string[],
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The queues this process registered: a context may register one only in the worker role. */
  onApplicationBootstrap(): void {
    this.queues = this.queueNames.flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return [];
      }
    });
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    await Promise.all([this.collectOutbox(), ...this.queues.map((queue) => this.collectQueue(queue))]);
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
