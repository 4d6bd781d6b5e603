import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { RATE_LIMIT_METADATA, type RateLimitOptions } from './rate-limit.decorator.js';
import { type RateLimitRule, RateLimitStore } from './rate-limit.store.js';

export class TooManyRequestsException extends HttpException {
  constructor() {
    super('Too many requests', HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Global guard: counts requests per client address (req.ip, which honours
 * TRUST_PROXY) in Redis; over the limit it answers 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly store: RateLimitStore;
  private readonly defaultRule: RateLimitRule;

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new RateLimitStore(redis, config.queue.prefix);
    const { max, windowSeconds, blockSeconds } = config.http.rateLimit;
    this.defaultRule = { limit: max, windowMs: windowSeconds * 1000, blockMs: blockSeconds * 1000 };
  }

  private ruleOf(options: RateLimitOptions): RateLimitRule {
    const { limit, windowSeconds, blockSeconds } = options.rule(this.config);
    return { limit, windowMs: windowSeconds * 1000, blockMs: (blockSeconds ?? windowSeconds) * 1000 };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const options = this.reflector.getAllAndOverride<RateLimitOptions | false | undefined>(RATE_LIMIT_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (options === false) return true;
    const bucket = options ? options.bucket : 'default';
    const rule = options ? this.ruleOf(options) : this.defaultRule;

    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const result = await this.store.hit(bucket, req.ip ?? 'unknown', rule);
    // Uncounted (Redis away): say nothing rather than advertise a budget nobody is keeping.
    if (!result.counted) return true;
    const resetSeconds = Math.ceil(result.resetMs / 1000);
    res.setHeader('RateLimit-Limit', rule.limit);
    res.setHeader('RateLimit-Remaining', Math.max(0, rule.limit - result.hits));
    res.setHeader('RateLimit-Reset', resetSeconds);
    if (result.allowed) return true;
    res.setHeader('Retry-After', Math.max(1, resetSeconds));
    throw new TooManyRequestsException();
  }
}
