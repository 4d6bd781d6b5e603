import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uuidv7 } from '@hms/ddd';
import { apiAs, givenDepartment, givenHospital, patientBody } from '../patients/support/patients-api.js';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from './support/audit-store.js';

interface Item {
  sequence: number;
  eventId: string;
  type: string;
  occurredAt: string;
  action: string;
  outcome: string;
  resourceType: string;
  resourceId: string;
  patientId: string | null;
  correlationId: string;
  actor: { id: string; kind: string; roles: string[] };
  change: Record<string, unknown>;
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

const READS = 23;
/** Everything about the patient: its registration (PatientRegistered, PatientCareLinked to the department) and the reads. */
const PATIENT_ENTRIES = READS + 2;

describe('the auditors’ API', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let nurse: UserWithTokens;
  let patient: string;
  const startedAt = new Date(Date.now() - 1000).toISOString();

  const get = (path: string, token = auditor.accessToken) => t.http().get(path).set('Authorization', bearer(token));
  const events = async (query: string): Promise<Page> => {
    const res = await get(`/api/v1/audit/events?${query}`);
    expect([res.status, res.body]).toEqual([200, expect.anything()]);
    return res.body as Page;
  };
  /** Follows nextCursor to the end. */
  const allPages = async (path: string): Promise<Page[]> => {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const res = await get(cursor ? `${path}${separator}cursor=${cursor}` : path);
      expect(res.status).toBe(200);
      pages.push(res.body as Page);
      cursor = (res.body as Page).nextCursor;
    } while (cursor);
    return pages;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    const hospitalId = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalId, 'WARD7');
    auditor = await tokenFor(t, 'auditor');
    nurse = await tokenFor(t, 'nurse', { hospitalId, departmentId });
    const registered = await apiAs(t, await tokenFor(t, 'receptionist', { hospitalId, departmentId }))
      .post('/patients')
      .send(patientBody());
    expect(registered.status).toBe(201);
    patient = registered.body.id as string;
    // A failed sign-in, and patient reads recorded by the patients context (one with a request id of its own).
    expect(
      (await t.http().post('/api/v1/auth/login').send({ email: nurse.email, password: 'not the password at all' })).status,
    ).toBe(401);
    for (let i = 0; i < READS; i += 1) {
      const req = get(`/api/v1/patients/${patient}`, nurse.accessToken);
      if (i === 3) void req.set('X-Request-ID', 'ward-7-round-1');
      expect((await req).status).toBe(200);
    }
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('answers 403 to a non-auditor on every route, and audits each refusal as denied', async () => {
    const routes = [
      () => get('/api/v1/audit/events', nurse.accessToken),
      () => get(`/api/v1/audit/events/${uuidv7()}`, nurse.accessToken),
      () => get(`/api/v1/audit/resources/Patient/${patient}/history`, nurse.accessToken),
      () => get(`/api/v1/audit/patients/${patient}/access-report`, nurse.accessToken),
      () => get('/api/v1/audit/export?format=csv', nurse.accessToken),
      () => t.http().post('/api/v1/audit/verify').set('Authorization', bearer(nurse.accessToken)).send({}),
    ];
    for (const route of routes) {
      const res = await route();
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.PERMISSION_REQUIRED']);
    }
    expect((await t.http().get('/api/v1/audit/events')).status).toBe(401);

    await appendAll(t);
    const denied = await events(`actorId=${nurse.userId}&action=deny&outcome=denied`);
    expect(denied.items).toHaveLength(routes.length);
    for (const item of denied.items) {
      expect(item).toMatchObject({
        type: 'authz.AccessDenied.v1',
        resourceType: 'User',
        resourceId: nurse.userId,
        actor: { id: nurse.userId, kind: 'user', roles: ['nurse'] },
      });
      expect(item.change).toMatchObject({ reason: 'missing-permission', permission: 'audit:read' });
    }
  });

  it('filters by actor, type, action, outcome, resource, patient, correlation id and time', async () => {
    const reads = await events(`actorId=${nurse.userId}&type=patients.PatientRecordAccessed.v1`);
    expect(reads.items).toHaveLength(READS);
    expect(reads.items.every((i) => i.action === 'read' && i.actor.id === nurse.userId && i.patientId === patient)).toBe(true);

    const failures = await events('action=login&outcome=failure');
    expect(failures.items.length).toBeGreaterThanOrEqual(1);
    expect(failures.items.every((i) => i.type === 'auth.LoginFailed.v1' && i.outcome === 'failure')).toBe(true);
    expect(failures.items.some((i) => i.change.userId === nurse.userId && i.change.reason === 'wrong-password')).toBe(true);
    expect(JSON.stringify(failures)).not.toContain(nurse.email);

    expect((await events(`resourceType=Patient&resourceId=${patient}`)).items).toHaveLength(PATIENT_ENTRIES);
    expect((await events(`patientId=${patient}`)).items).toHaveLength(PATIENT_ENTRIES);
    expect((await events(`patientId=${uuidv7()}`)).items).toEqual([]);

    const traced = await events('correlationId=ward-7-round-1');
    expect(traced.items).toEqual([
      expect.objectContaining({ type: 'patients.PatientRecordAccessed.v1', correlationId: 'ward-7-round-1' }),
    ]);

    const now = new Date(Date.now() + 60_000).toISOString();
    expect((await events(`patientId=${patient}&from=${startedAt}&to=${now}`)).items).toHaveLength(PATIENT_ENTRIES);
    expect((await events(`patientId=${patient}&from=${now}`)).items).toEqual([]);
    expect((await events(`patientId=${patient}&to=${startedAt}`)).items).toEqual([]);
    const boundary = reads.items[10].occurredAt;
    const before = await events(`patientId=${patient}&to=${boundary}`);
    const after = await events(`patientId=${patient}&from=${boundary}`);
    expect(before.items.length + after.items.length).toBe(PATIENT_ENTRIES);
    expect(before.items.every((i) => i.occurredAt < boundary) && after.items.every((i) => i.occurredAt >= boundary)).toBe(true);
  });

  it('pages with an opaque cursor, newest first by default, without duplicates or gaps', async () => {
    const full = (await events(`patientId=${patient}&limit=100`)).items.map((i) => i.sequence);
    expect(full).toEqual([...full].sort((a, b) => b - a));

    // PATIENT_ENTRIES (25) in pages of 7.
    const desc = await allPages(`/api/v1/audit/events?patientId=${patient}&limit=7`);
    expect(desc.map((p) => p.items.length)).toEqual([7, 7, 7, 4]);
    expect(desc.flatMap((p) => p.items.map((i) => i.sequence))).toEqual(full);

    const asc = await allPages(`/api/v1/audit/events?patientId=${patient}&limit=7&order=asc`);
    expect(asc.flatMap((p) => p.items.map((i) => i.sequence))).toEqual([...full].reverse());

    // The whole trail, while every page request appends an entry of its own: each page continues where the last stopped.
    const trail = (await allPages('/api/v1/audit/events?limit=10')).flatMap((p) => p.items.map((i) => i.sequence));
    expect(trail).toEqual(Array.from({ length: trail[0] }, (_, i) => trail[0] - i));
  });

  it('returns one entry by its event id, 404 for an unknown id and 400 for a malformed one', async () => {
    const [item] = (await events(`patientId=${patient}&limit=1`)).items;
    const res = await get(`/api/v1/audit/events/${item.eventId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...item,
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await get(`/api/v1/audit/events/${uuidv7()}`)).status).toBe(404);
    expect((await get('/api/v1/audit/events/42')).status).toBe(400);
  });

  it('gives the history of one record oldest first, in pages', async () => {
    // PATIENT_ENTRIES (25) in pages of 10.
    const pages = await allPages(`/api/v1/audit/resources/Patient/${patient}/history?limit=10`);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    const sequences = pages.flatMap((p) => p.items.map((i) => i.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    const user = await get(`/api/v1/audit/resources/User/${nurse.userId}/history`);
    expect(user.body.items[0]).toMatchObject({ type: 'auth.UserCreated.v1', action: 'create', aggregateVersion: 1 });
    expect((await get('/api/v1/audit/resources/Not%20A%20Type/1/history')).status).toBe(400);
  });

  it.each([
    ['an unknown action', '/api/v1/audit/events?action=explode', 'action'],
    ['an unknown outcome', '/api/v1/audit/events?outcome=maybe', 'outcome'],
    ['a page size over the maximum', '/api/v1/audit/events?limit=501', 'limit'],
    ['a page size of zero', '/api/v1/audit/events?limit=0', 'limit'],
    ['a page size that is not a number', '/api/v1/audit/events?limit=ten', 'limit'],
    ['a date that is not ISO 8601', '/api/v1/audit/events?from=yesterday', 'from'],
    ['a malformed patient id', '/api/v1/audit/events?patientId=1234', 'patientId'],
    ['an unknown filter', '/api/v1/audit/events?colour=red', 'colour'],
    ['an unknown export format', '/api/v1/audit/export?format=xml', 'format'],
    ['an export without a format', '/api/v1/audit/export', 'format'],
  ])('answers 400 to %s', async (_case, path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 400 with a stable code to a range that ends before it starts and to a malformed or foreign cursor', async () => {
    const range = await get('/api/v1/audit/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(range.body).toMatchObject({ status: 400, code: 'AUDIT.INVALID_RANGE' });
    expect((await get(`/api/v1/audit/patients/${patient}/access-report?from=2026-02-01&to=2026-01-01`)).body.code).toBe(
      'AUDIT.INVALID_RANGE',
    );
    expect((await get('/api/v1/audit/export?format=csv&from=2026-02-01&to=2026-01-01')).body.code).toBe('AUDIT.INVALID_RANGE');

    const { nextCursor } = await events(`patientId=${patient}&limit=2`);
    const forged = Buffer.from('v1.desc.not-a-number').toString('base64url');
    for (const cursor of ['!!!', 'bm90IGEgY3Vyc29y', forged]) {
      expect((await get(`/api/v1/audit/events?cursor=${encodeURIComponent(cursor)}`)).body).toMatchObject({
        status: 400,
        code: 'AUDIT.INVALID_CURSOR',
      });
    }
    // A newest-first cursor means nothing to an oldest-first listing.
    expect((await get(`/api/v1/audit/events?order=asc&cursor=${nextCursor}`)).body.code).toBe('AUDIT.INVALID_CURSOR');
  });

  it('records every use by an auditor as AuditTrailQueried, with its filters and no personal data', async () => {
    await get(`/api/v1/audit/export?format=ndjson&patientId=${patient}`);
    await t.http().post('/api/v1/audit/verify').set('Authorization', bearer(auditor.accessToken)).send({ fromSequence: 1 });
    await get(`/api/v1/audit/patients/${patient}/access-report`);
    await appendAll(t);

    const pages = await allPages(`/api/v1/audit/events?type=audit.AuditTrailQueried.v1&actorId=${auditor.userId}&limit=500`);
    const queries = pages.flatMap((p) => p.items);
    expect(new Set(queries.map((q) => q.change.query))).toEqual(
      new Set(['find-events', 'get-event', 'resource-history', 'access-report', 'export', 'verify']),
    );
    for (const q of queries) {
      expect(q).toMatchObject({
        action: 'query',
        outcome: 'success',
        resourceType: 'AuditTrail',
        resourceId: auditor.userId,
        patientId: null,
      });
    }
    expect(queries.find((q) => q.change.query === 'export')?.change.filters).toEqual({
      patientId: patient,
      order: 'asc',
      format: 'ndjson',
    });
    expect(queries.find((q) => q.change.query === 'verify')?.change).toMatchObject({
      filters: { fromSequence: 1 },
      result: { valid: true, firstBrokenSequence: null },
    });
    const text = JSON.stringify(queries);
    for (const personal of [auditor.email, nurse.email, 'Test auditor', 'Test nurse']) expect(text).not.toContain(personal);
  });
});
