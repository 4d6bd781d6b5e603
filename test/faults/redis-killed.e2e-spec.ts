import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { PatientRegistered } from '../../src/modules/patients/index.js';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { TestChildren } from '../support/child-process.js';
import { untilQueuesOffline } from '../support/outbox-relay.js';
import { TestRedisServer } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, givenDepartment, givenHospital, patientBody } from '../patients/support/patients-api.js';
import { COMMITTED_EVENTS_LEDGER, expectAuditedOnce, FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

type Phase = 'up' | 'down' | 'back';

interface Registration {
  readonly status: number;
  readonly id?: string;
  /** Whether the request was sent and answered while Redis was dead. */
  readonly whileDown: boolean;
}

const WRITERS = 3;

/**
 * The app (role all: HTTP, relay and consumers in one process) runs on a
 * redis-server of this test's own, which is SIGKILLed while receptionists
 * register patients and then started again, empty (no persistence), on the
 * same port. Commands commit to PostgreSQL throughout; the outbox keeps
 * their events until Redis is back; every one of them reaches the audit store.
 */
describe('Redis killed while requests write', () => {
  const children = new TestChildren();
  let redis: TestRedisServer;
  let t: TestApp;
  let auditor: UserWithTokens;
  let register: () => Promise<{ status: number; body: { id?: string } }>;

  beforeAll(async () => {
    redis = await TestRedisServer.start(children);
    t = await startTestApp({
      env: { REDIS_URL: redis.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' },
      setupSql: COMMITTED_EVENTS_LEDGER,
    });
    const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    const hospitalId = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalId, 'FRONT');
    const asReceptionist = apiAs(t, await tokenFor(t, 'receptionist', { hospitalId, departmentId }));
    register = () => asReceptionist.post('/patients').send(patientBody());
    auditor = await tokenFor(t, 'auditor');
  });
  afterAll(async () => {
    try {
      // A test that failed mid-outage: the app closes its queues cleanly only with Redis there.
      if (redis && !redis.running) await redis.restart();
      await t?.close();
    } finally {
      await children.killAll();
    }
  });

  it(
    'commits every request and audits every committed event once, in a chain that verifies',
    async () => {
      let phase: Phase = 'up';
      let writing = true;
      const registrations: Registration[] = [];
      const count = (which: (r: Registration) => boolean) => registrations.filter(which).length;
      const writer = async () => {
        while (writing) {
          const sentWhileDown = phase === 'down';
          const res = await register();
          registrations.push({ status: res.status, id: res.body.id, whileDown: sentWhileDown && phase === 'down' });
        }
      };
      const writers = Array.from({ length: WRITERS }, () => writer());
      const refused = () => registrations.filter((r) => r.status !== 201);
      // Every request must commit, Redis or not: a refusal ends the wait at once, and the test with it.
      const until = async (what: string, check: () => boolean) => {
        await waitFor(() => refused().length > 0 || check(), what, { timeoutMs: 30_000, intervalMs: 20 });
        expect(refused()).toEqual([]);
      };

      try {
        await until('registrations with Redis up', () => registrations.length >= 15);
        await redis.kill();
        await untilQueuesOffline(t);
        phase = 'down';
        await until('registrations while Redis is dead', () => count((r) => r.whileDown) >= 15);
        // Those commits could not leave PostgreSQL: their events wait in the outbox, unpublished.
        const downIds = registrations.filter((r) => r.whileDown).map((r) => r.id);
        const waiting = await t.db.query<{ published: boolean }>(
          'SELECT published_at IS NOT NULL AS published FROM outbox WHERE type = $1 AND aggregate_id = ANY($2::text[])',
          [PatientRegistered.TYPE, downIds],
        );
        expect(waiting).toEqual(downIds.map(() => ({ published: false })));

        phase = 'back';
        await redis.restart();
        const before = registrations.length;
        await until('registrations after Redis returns', () => registrations.length >= before + 15);
      } finally {
        writing = false;
        await Promise.all(writers);
      }

      expect(refused()).toEqual([]);
      const ids = registrations.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      const [{ patients }] = await t.db.query<{ patients: number }>('SELECT count(*)::int AS patients FROM patients');
      expect(patients).toBe(ids.length);

      await expectAuditedOnce(t, auditor);
      // Each registration's event in particular, those from the outage included.
      const audited = await t.db.query<{ resource_id: string; entries: number }>(
        `SELECT resource_id, count(*)::int AS entries FROM audit_events WHERE type = $1 GROUP BY resource_id`,
        [PatientRegistered.TYPE],
      );
      expect(new Map(audited.map((r) => [r.resource_id, r.entries]))).toEqual(new Map(ids.map((id) => [id, 1])));
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
