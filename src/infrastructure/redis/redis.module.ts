import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { createRedisClient } from './redis-client.js';
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
        if (config.env === 'production' && !redisConnectionOptions(config.redis).password) {
          logger.warn('REDIS_URL carries no password: whoever reaches Redis can read and change queues and rate limits');
        }
        return createRedisClient(config, logger);
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
