import type { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { redisConnectionOptions } from './redis-connection-options.js';

/**
 * A client on the configured Redis, with the credentials and TLS of every
 * other (redisConnectionOptions). Fails fast instead of queueing commands
 * while Redis is away, reconnects with a capped backoff, and logs a lost
 * connection once until it is back. `options` adds to or overrides these.
 */
export function createRedisClient(config: AppConfig, logger: Logger, options: RedisOptions = {}): Redis {
  const client = new Redis({
    ...redisConnectionOptions(config.redis),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
  let warned = false;
  client.on('error', (error) => {
    if (!warned) logger.warn({ err: error }, 'Redis connection error; reconnecting');
    warned = true;
  });
  client.on('ready', () => {
    warned = false;
  });
  return client;
}
