import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AUDIT_QUEUE } from '../../src/infrastructure/queue/queue-names.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

/**
 * REDIS_URL's credentials reach every client: the shared one (cache, rate
 * limits, readiness) and Bull's. The shared test Redis lets its default user
 * in without a password, so each app here signs in as a user of its own,
 * allowed only its own keys: a client that dropped the credentials would
 * still connect, as the default user, and the wrong-password app would look
 * healthy.
 */
describe('Redis credentials from REDIS_URL', () => {
  let admin: Redis;
  const users: string[] = [];

  /** An ACL user allowed every command on the keys under `prefix` only. */
  async function redisUser(prefix: string): Promise<{ name: string; password: string }> {
    const name = `hms-test-${uniqueSuffix()}`;
    const password = randomBytes(24).toString('hex');
    await admin.call('ACL', 'SETUSER', name, 'on', `>${password}`, `~${prefix}:*`, '&*', '+@all');
    users.push(name);
    return { name, password };
  }

  function appWith(prefix: string, user: string, password: string, env: Record<string, string> = {}): Promise<TestApp> {
    const target = new URL(REDIS_URL);
    return startTestApp({
      env: { QUEUE_PREFIX: prefix, REDIS_URL: `redis://${user}:${password}@${target.host}${target.pathname}`, ...env },
    });
  }

  const connectionsOf = async (user: string) =>
    String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((line) => line.includes(` user=${user} `));

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const name of users) await admin.call('ACL', 'DELUSER', name);
    admin.disconnect();
  });

  it('with a wrong password, neither the cache client nor Bull gets in, and the app says it is not ready', async () => {
    const prefix = `hms-test-${uniqueSuffix()}`;
    const user = await redisUser(prefix);
    // An api process: a consuming worker exits instead, as Bull 4 leaves a refused command of
    // process() unhandled (it names the worker's connection without awaiting it).
    const t = await appWith(prefix, user.name, 'not-the-password', { APP_ROLE: 'api' });
    try {
      const ready = await waitFor(async () => {
        const res = await t.http().get('/health/ready');
        return res.status === 503 ? res : undefined;
      }, 'readiness to report Redis down');
      expect(ready.body.error).toMatchObject({ redis: { status: 'down' } });
      // Bull's client tried, was refused and is trying again: had it dropped the password, it would be in (as the default user).
      const queue = t.app.get<Queue>(getQueueToken(AUDIT_QUEUE), { strict: false });
      await waitFor(() => queue.client.status === 'reconnecting', "Bull's client to be refused");
      const log = (await admin.call('ACL', 'LOG')) as unknown[][];
      expect(log.some((entry) => entry.includes(user.name) && entry.includes('auth'))).toBe(true);
      expect(await connectionsOf(user.name)).toEqual([]);
      // Requests are still answered from PostgreSQL, and nothing is cached.
      const nurse = await tokenFor(t, 'nurse');
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', bearer(nurse.accessToken))).status).toBe(200);
      expect(await admin.exists(`${prefix}:auth:user:${nurse.userId}`)).toBe(0);
      // The refusal is logged, the password that was refused is not (this app starts first, so its lines are captured).
      expect(t.logs.text()).toContain('WRONGPASS');
      expect(t.logs.text()).not.toContain('not-the-password');
    } finally {
      await t.close();
    }
  });

  it('with the right password, the cache client and Bull both work as the URL user', async () => {
    const prefix = `hms-test-${uniqueSuffix()}`;
    const user = await redisUser(prefix);
    const t = await appWith(prefix, user.name, user.password);
    try {
      await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 'the app to become ready');
      const nurse = await tokenFor(t, 'nurse');
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', bearer(nurse.accessToken))).status).toBe(200);
      expect(await admin.exists(`${prefix}:auth:user:${nurse.userId}`)).toBe(1);
      // Bull took the sign-in's events from the outbox relay.
      await waitFor(async () => {
        const rows = await t.db.query<{ published: boolean }>(
          `SELECT published_at IS NOT NULL AS published FROM outbox WHERE type = 'auth.LoginSucceeded.v1'`,
        );
        return rows.length > 0 && rows.every((r) => r.published);
      }, 'the sign-in event to reach the queues');
      const queue = t.app.get<Queue>(getQueueToken(AUDIT_QUEUE), { strict: false });
      expect(queue.client.status).toBe('ready');
      expect((await connectionsOf(user.name)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await t.close();
    }
  });
});
