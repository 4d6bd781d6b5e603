import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_METADATA = 'hms:rate-limit';

export interface RateLimitOptions {
  /** A bucket of its own (e.g. `login`), counted apart from the default one. */
  readonly bucket: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly blockSeconds?: number;
}

/** A stricter (or looser) limit for one route or controller, counted in its own bucket. */
export const RateLimit = (options: RateLimitOptions) => SetMetadata(RATE_LIMIT_METADATA, options);

/** Probes and scrapes are exempt: an orchestrator must always reach them. */
export const SkipRateLimit = () => SetMetadata(RATE_LIMIT_METADATA, false);
