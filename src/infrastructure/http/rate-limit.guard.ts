import { type CanActivate, type ExecutionContext, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { RATE_LIMIT_METADATA, type RateLimitOptions } from './rate-limit.decorator.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { localShareOf, type RateLimitRule } from './rate-limit-rule.js';
import { RateLimitStore } from './rate-limit.store.js';
import { TooManyRequestsException } from './too-many-requests.exception.js';

/**
 * Global guard: counts requests per client address (req.ip, which honours
 * TRUST_PROXY); over the limit it answers 429 with Retry-After. The default bucket
 * is counted in batches (a local share per process, ADR 28); a route's own bucket is
 * counted in Redis on every request, as a strict rule for rare requests should be.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly store: RateLimitStore;
  private readonly defaultRule: RateLimitRule;

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new RateLimitStore(redis, config.queue.prefix);
    const { max, windowSeconds, blockSeconds } = config.http.rateLimit;
    this.defaultRule = { limit: max, windowSeconds, blockSeconds, localShare: localShareOf(max) };
  }

  // Before Redis closes (on application shutdown), so the hits counted here reach it.
  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }

  private ruleOf(options: RateLimitOptions): RateLimitRule {
    const { limit, windowSeconds, blockSeconds } = options.rule(this.config);
    return { limit, windowSeconds, blockSeconds: blockSeconds ?? windowSeconds };
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
    for (const [name, value] of Object.entries(rateLimitHeaders(rule.limit, result))) res.setHeader(name, value);
    if (result.allowed) return true;
    throw new TooManyRequestsException();
  }
}
