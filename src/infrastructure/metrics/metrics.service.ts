import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per application instance (not prom-client's global one), so
 * several apps in one process (the e2e tests) do not collide. Label values
 * are route patterns, statuses, queue and handler names: never ids or
 * personal data.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly outboxBacklog = new Gauge({
    name: 'outbox_backlog_events',
    help: 'Committed events not yet handed to the queues',
    registers: [this.registry],
  });

  readonly outboxOldestAge = new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest committed event not yet handed to the queues',
    registers: [this.registry],
  });

  readonly outboxUndispatched = new Gauge({
    name: 'outbox_undispatched_events',
    help: 'Published events whose handlers have not all succeeded yet',
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'outbox_published_events_total',
    help: 'Events moved from the outbox to the queues',
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Bull jobs by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly eventHandlerFailures = new Counter({
    name: 'event_handler_failures_total',
    help: 'Failed event handler runs (each is retried)',
    labelNames: ['handler', 'event'] as const,
    registers: [this.registry],
  });

  readonly signInThrottled = new Counter({
    name: 'auth_sign_in_throttled_total',
    help: 'Sign-in attempts refused (429) because earlier failures make the address wait, by throttle',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly accountLocks = new Counter({
    name: 'auth_account_locks_total',
    help: 'Accounts locked hard after failed sign-ins (many addresses, or beyond the threshold), by cause',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
