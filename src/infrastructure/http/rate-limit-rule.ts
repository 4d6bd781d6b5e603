export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** How long a key stays blocked once it went over the limit. */
  readonly blockSeconds: number;
  /**
   * Hits of a key one process may admit before Redis has counted them (ADR 28); each replica may
   * admit that many over the limit. 0 or absent: every request is counted in Redis before it is let through.
   */
  readonly localShare?: number;
}

/** The share of a limit each process may admit on its own: 5%, so limits under 20 are always exact. */
export function localShareOf(limit: number): number {
  return Math.floor(limit / 20);
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Milliseconds until the window resets or, when blocked, until the block ends. */
  readonly resetMs: number;
}
