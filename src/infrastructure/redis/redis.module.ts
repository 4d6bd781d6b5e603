import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { redisConnectionOptions } from './redis-connection-options.js';

/** A shared client for rate limits, health and caches. Fails fast instead of queueing when Redis is away. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('Redis');
        const connection = redisConnectionOptions(config.redis);
        if (config.env === 'production' && !connection.password) {
          logger.warn('REDIS_URL carries no password: whoever reaches Redis can read and change queues and rate limits');
        }
        const client = new Redis({
          ...connection,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 5_000,
          commandTimeout: 2_000,
          retryStrategy: (times) => Math.min(times * 200, 2_000),
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
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
