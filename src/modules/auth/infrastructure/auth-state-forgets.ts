import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { LocalAuthStateCache } from './local-auth-state-cache.js';

/** Keys per message, as per DEL: a role held by thousands sends a few messages, not one huge one. */
const KEYS_PER_MESSAGE = 500;

/** A refused SUBSCRIBE (a Redis ACL, a timeout) on a connection that stays up is tried again this often. */
export const SUBSCRIBE_RETRY_MS = 5_000;

/**
 * The auth state keys a process forgot, told to every other process over
 * Redis pub/sub so each drops them from its local cache (ADR 27). A process
 * serves from its local cache only while its subscription stands: until the
 * subscription is confirmed, and from the moment its connection closes, the
 * cache is bypassed and emptied, since a message sent meanwhile is lost.
 *
 * A message only ever drops entries, so whoever can publish on the channel
 * can make processes read Redis more often, never trust anything.
 */
export class AuthStateForgets {
  private subscriber?: Redis;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly channel: string,
    /** Every key of ours starts with it; a message naming anything else is not ours. */
    private readonly keyPrefix: string,
    private readonly publisher: Redis,
    /** A dedicated connection, not yet connected: a subscribed connection runs no other command. */
    private readonly subscriberConnection: () => Redis,
    private readonly local: LocalAuthStateCache,
    private readonly logger: Logger,
  ) {}

  /** Subscribes, once (on the first request, so processes that serve none never connect). */
  listen(): void {
    if (this.subscriber || this.local.ttlMs === 0) return;
    const subscriber = this.subscriberConnection();
    this.subscriber = subscriber;
    subscriber.on('ready', () => this.subscribe(subscriber));
    subscriber.on('close', () => this.local.bypass());
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.received(message);
    });
    // A failed first attempt is logged by the client, which keeps retrying.
    subscriber.connect().catch(() => undefined);
  }

  private subscribe(subscriber: Redis): void {
    clearTimeout(this.retry);
    subscriber.subscribe(this.channel).then(
      () => this.local.serve(),
      (error: unknown) => {
        this.logger.warn(
          { err: error },
          `could not subscribe to auth state forgets; the local cache stays bypassed, trying again in ${SUBSCRIBE_RETRY_MS} ms`,
        );
        this.retry = setTimeout(() => {
          if (subscriber.status === 'ready') this.subscribe(subscriber);
        }, SUBSCRIBE_RETRY_MS).unref();
      },
    );
  }

  /** Tells the other processes to drop the keys; the caller has deleted them from Redis already. */
  async publish(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
      await this.publisher.publish(this.channel, JSON.stringify(keys.slice(i, i + KEYS_PER_MESSAGE)));
    }
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    clearTimeout(this.retry);
    this.local.bypass();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private received(message: string): void {
    let keys: unknown;
    try {
      keys = JSON.parse(message);
    } catch {
      keys = undefined;
    }
    if (Array.isArray(keys) && keys.every((key) => typeof key === 'string' && key.startsWith(this.keyPrefix))) {
      this.local.drop(keys as string[]);
      return;
    }
    // Not what we send: whatever it meant to drop, dropping everything covers it.
    this.logger.warn('received a malformed auth state forget message; emptying the local cache');
    this.local.clear();
  }
}
