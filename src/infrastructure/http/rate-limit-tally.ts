import type { RateLimitResult, RateLimitRule } from './rate-limit-rule.js';

/** A key's count in its window, every replica's hits included, as the shared store answered. */
export interface RateLimitCount {
  /** False once the key went over the limit: it is blocked. */
  readonly allowed: boolean;
  /** Hits counted in the key's window, those just sent included. */
  readonly consumed: number;
  /** Until the window resets or, when refused, until the block ends. */
  readonly msBeforeNext: number;
}

/** What one request is told of a count. */
export function resultOf(limit: number, count: RateLimitCount): RateLimitResult {
  return {
    allowed: count.allowed,
    remaining: count.allowed ? Math.max(0, limit - count.consumed) : 0,
    resetMs: Math.max(0, count.msBeforeNext),
  };
}

/** Counts `points` hits of a key at once in the shared store (Redis, or its insurance limiter). */
export type RateLimitConsume = (bucket: string, key: string, rule: RateLimitRule, points: number) => Promise<RateLimitCount>;

interface KeyTally {
  readonly bucket: string;
  readonly key: string;
  readonly rule: RateLimitRule;
  /** The key's count in the shared store at its last answer. */
  counted: number;
  /** Admitted here, not sent yet. */
  pending: number;
  /** Sent, not answered yet. */
  inFlight: number;
  windowEndsAt: number;
  blockedUntil: number;
}

const expiryOf = (tally: KeyTally) => (tally.blockedUntil > 0 ? tally.blockedUntil : tally.windowEndsAt);

/**
 * Admits a key's hits in this process and sends them to the shared store in batches (ADR 28): at most
 * `rule.localShare` hits of a key are admitted here before the store has counted them, and they are sent
 * every flush interval, or at once when that share is used up. A hit goes to the store itself, and waits
 * for its answer, when it is a key's first in a window or no share is left; the decision is taken from
 * the store's last count plus what this process admitted since. So one process never admits more than the
 * limit, and N processes admit at most N × localShare more in a window.
 */
export class RateLimitTally {
  private readonly tallies = new Map<string, KeyTally>();
  private readonly sending = new Set<Promise<unknown>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly consume: RateLimitConsume,
    flushIntervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  async hit(bucket: string, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const id = `${bucket}\n${key}`;
    const now = Date.now();
    let tally = this.tallies.get(id);
    if (tally && now >= expiryOf(tally)) {
      this.tallies.delete(id);
      tally = undefined;
    }
    if (tally) {
      if (tally.blockedUntil > now) return { allowed: false, remaining: 0, resetMs: tally.blockedUntil - now };
      const counted = tally.counted + tally.inFlight + tally.pending;
      const unsent = tally.inFlight + tally.pending;
      if (counted < rule.limit && unsent < (rule.localShare ?? 0)) {
        tally.pending += 1;
        if (unsent + 1 >= (rule.localShare ?? 0)) this.sendInBackground(id, tally);
        return { allowed: true, remaining: rule.limit - counted - 1, resetMs: Math.max(0, tally.windowEndsAt - now) };
      }
    }
    // A window's first hit, or no share left: the store decides, counting what waited here with it.
    const carried = tally?.pending ?? 0;
    return resultOf(rule.limit, await this.send(id, bucket, key, rule, carried + 1, carried));
  }

  /** Sends every key's pending hits; forgets the keys whose window or block is over (their hits belong to no window now). */
  flush(): void {
    const now = Date.now();
    for (const [id, tally] of this.tallies) {
      if (now >= expiryOf(tally)) this.tallies.delete(id);
      else if (tally.pending > 0) this.sendInBackground(id, tally);
    }
  }

  /** Stops the timer and sends what is pending, so a replica that shuts down leaves its count behind. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await Promise.allSettled([...this.sending]);
  }

  private sendInBackground(id: string, tally: KeyTally): void {
    const sent = this.send(id, tally.bucket, tally.key, tally.rule, tally.pending, tally.pending)
      // A failed batch went back to pending (send), and goes with the next flush.
      .catch(() => undefined)
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /** Counts `points` hits in the store, `fromPending` of them admitted here before, and keeps its answer for the key. */
  private async send(
    id: string,
    bucket: string,
    key: string,
    rule: RateLimitRule,
    points: number,
    fromPending: number,
  ): Promise<RateLimitCount> {
    const sentAt = Date.now();
    const before = this.tallies.get(id);
    if (before) {
      before.pending -= fromPending;
      before.inFlight += points;
    }
    let count: RateLimitCount;
    try {
      count = await this.consume(bucket, key, rule, points);
    } catch (error) {
      if (before) before.pending += fromPending;
      throw error;
    } finally {
      if (before) before.inFlight -= points;
    }
    // Answers come back in the order they were sent (one connection), so the latest one is the newest count.
    let tally = this.tallies.get(id);
    if (!tally) {
      tally = { bucket, key, rule, counted: 0, pending: 0, inFlight: 0, windowEndsAt: 0, blockedUntil: 0 };
      this.tallies.set(id, tally);
    }
    tally.counted = count.consumed;
    if (count.allowed) {
      // Measured from the sending, so this process ends the window no later than the store does.
      tally.windowEndsAt = sentAt + count.msBeforeNext;
      tally.blockedUntil = 0;
    } else {
      // Measured from the answer, so this process lets the key through no earlier than the store would.
      tally.blockedUntil = Date.now() + count.msBeforeNext;
    }
    return count;
  }
}
