import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/**
 * The in-process limiter rate-limiter-flexible falls back to when Redis cannot answer.
 * It only adds a hook, so the store can say (in a log line) that limits are per replica now.
 */
export class InsuranceRateLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(key, points, options);
  }
}
