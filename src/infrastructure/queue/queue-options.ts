import type { BullRootModuleOptions } from '@nestjs/bull';
import type { AppConfig } from '../../config/app-config.js';
import { redisConnectionOptions } from '../redis/redis-connection-options.js';

const MAX_BACKOFF_MS = 60_000;

/** Exponential backoff capped at a minute, so a long outage retries every minute rather than every hour. */
export function cappedExponentialBackoff(attemptsMade: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.max(0, attemptsMade - 1));
}

export function buildQueueOptions(config: AppConfig): BullRootModuleOptions {
  return {
    prefix: config.queue.prefix,
    redis: {
      // The shared client's host, credentials and TLS (no url: Bull would parse it and drop rediss:).
      ...redisConnectionOptions(config.redis),
      // ioredis reconnects forever; a failed command is retried by Bull's job attempts, not by the client.
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
      connectTimeout: 5_000,
    },
    settings: {
      // A job whose worker died stays active until its lock lapses, then the next stalled check requeues it.
      lockDuration: config.queue.lockDurationMs,
      stalledInterval: config.queue.stalledIntervalMs,
      maxStalledCount: 2,
      backoffStrategies: { capped: cappedExponentialBackoff },
    },
    defaultJobOptions: {
      attempts: 25,
      backoff: { type: 'capped' },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 14 * 24 * 3600, count: 100_000 },
    },
  };
}
