import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';

export const RATE_LIMIT_METADATA = 'hms:rate-limit';

export interface RateLimitRuleOptions {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly blockSeconds?: number;
}

export interface RateLimitOptions {
  /** A bucket of its own (e.g. `login`), counted apart from the default one. */
  readonly bucket: string;
  /** The rule, read from configuration so operators can tune it. */
  readonly rule: (config: AppConfig) => RateLimitRuleOptions;
}

/** A stricter (or looser) limit for one route or controller, counted in its own bucket. */
export const RateLimit = (bucket: string, rule: RateLimitOptions['rule']) =>
  SetMetadata(RATE_LIMIT_METADATA, { bucket, rule } satisfies RateLimitOptions);

/** Probes and scrapes are exempt: an orchestrator must always reach them. */
export const SkipRateLimit = () => SetMetadata(RATE_LIMIT_METADATA, false);
