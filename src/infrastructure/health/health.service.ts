import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1_500;

export interface Readiness {
  readonly ready: boolean;
  readonly result: HealthCheckResult | Record<string, unknown>;
}

/** Readiness = PostgreSQL and Redis both answer within the timeout. */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  async readiness(): Promise<Readiness> {
    try {
      const result = await this.health.check([
        () => this.db.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () => this.pingRedis(),
      ]);
      return { ready: true, result };
    } catch (error) {
      const response = (error as { getResponse?: () => Record<string, unknown> }).getResponse?.();
      if (response) return { ready: false, result: response };
      throw error;
    }
  }

  private async pingRedis() {
    const check = this.indicators.check('redis');
    try {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      return check.up();
    } catch {
      return check.down({ message: 'Redis did not answer PING' });
    }
  }
}
