import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uuidv7 } from '@hms/ddd';
import { bearer, login, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_KEYS } from '../support/test-env.js';
import { textBody } from '../support/text-body.js';
import { appendAll } from './support/audit-store.js';
import { csvObjects } from './support/parse-csv.js';

interface Item {
  sequence: number;
  eventId: string;
  type: string;
  resourceType: string;
  resourceId: string;
  keyId: string | null;
  actor: { id: string; sessionRef: string | null };
}

const REFERENCE = /^[A-Za-z0-9_-]{22}$/;
/** The id of the test keyring's first audit key, which signs. */
const signingKeyId = TEST_KEYS.AUDIT_HMAC_KEYS.split(':')[0];
const sessionIdOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

/**
 * Session ids are half of a bearer credential (issue 15): the audit trail
 * shows a keyed reference of each session instead, in every output, and the
 * store keeps only the reference.
 */
describe('sessions in the audit trail', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let doctor: UserWithTokens;
  /** The doctor's second sign-in: another session of the same user. */
  let secondSession: string;
  let sessionIds: string[];
  const patients = { a1: uuidv7(), a2: uuidv7(), b: uuidv7() };

  const get = (path: string) => t.http().get(`/api/v1/audit/${path}`).set('Authorization', bearer(auditor.accessToken));
  const download = (query: string) => get(`export?${query}`).buffer(true).parse(textBody);
  const expectNoSessionId = (text: string) => {
    for (const id of sessionIds) expect(text).not.toContain(id);
  };
  const grant = async (token: string, patientId: string) => {
    const res = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(token))
      .send({ patientId, reason: 'Unconscious on arrival, allergies unknown' });
    expect(res.status).toBe(201);
  };
  const grantsOf = async (): Promise<Item[]> => {
    const res = await get(`events?actorId=${doctor.userId}&type=auth.EmergencyAccessGranted.v1&order=asc`);
    expect(res.status).toBe(200);
    expectNoSessionId(res.text);
    return res.body.items as Item[];
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '100000' } });
    auditor = await tokenFor(t, 'auditor');
    doctor = await tokenFor(t, 'doctor');
    secondSession = (await login(t, doctor.email, doctor.password)).accessToken;
    sessionIds = [sessionIdOf(doctor.accessToken), sessionIdOf(secondSession), sessionIdOf(auditor.accessToken)];
    // Two actions in the first session, one in the second.
    await grant(doctor.accessToken, patients.a1);
    await grant(doctor.accessToken, patients.a2);
    await grant(secondSession, patients.b);
    // The auditor acts too: its own queries are audited with its session.
    expect((await get('events?limit=1')).status).toBe(200);
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('shows one reference for the actions of one session, another for another session, never the session id', async () => {
    const [a1, a2, b] = await grantsOf();
    expect(a1.actor.sessionRef).toMatch(REFERENCE);
    expect(a2.actor.sessionRef).toBe(a1.actor.sessionRef);
    expect(b.actor.sessionRef).toMatch(REFERENCE);
    expect(b.actor.sessionRef).not.toBe(a1.actor.sessionRef);
    expect(a1.keyId).toBe(signingKeyId);

    const one = await get(`events/${a1.eventId}`);
    expect(one.body.actor.sessionRef).toBe(a1.actor.sessionRef);
    expectNoSessionId(one.text);
  });

  it('names a sign-in by its session’s reference, which finds its history and every action of that session', async () => {
    const [a1, a2, b] = await grantsOf();
    const signIns = await get(`events?resourceType=Session&type=auth.LoginSucceeded.v1&order=asc`);
    expectNoSessionId(signIns.text);
    const ids = (signIns.body.items as Item[]).map((i) => i.resourceId);
    expect(ids).toEqual(expect.arrayContaining([a1.actor.sessionRef, b.actor.sessionRef]));

    const history = await get(`resources/Session/${a1.actor.sessionRef}/history`);
    expect(history.status).toBe(200);
    expectNoSessionId(history.text);
    expect((history.body.items as Item[]).map((i) => i.type)).toEqual(['auth.LoginSucceeded.v1']);

    const inSession = await get(`events?sessionRef=${a1.actor.sessionRef}&order=asc`);
    expect(inSession.status).toBe(200);
    expectNoSessionId(inSession.text);
    const found = inSession.body.items as Item[];
    expect(found.map((i) => i.eventId)).toEqual(expect.arrayContaining([a1.eventId, a2.eventId]));
    expect(found.map((i) => i.eventId)).not.toContain(b.eventId);
    expect(found.every((i) => i.actor.sessionRef === a1.actor.sessionRef)).toBe(true);
  });

  it('refuses a session filter that is not a reference, a raw session id included', async () => {
    for (const value of [sessionIds[0], 'short', 'x'.repeat(23)]) {
      const res = await get(`events?sessionRef=${encodeURIComponent(value)}`);
      expect(res.status).toBe(400);
      expectNoSessionId(res.text);
    }
  });

  it('puts the reference in the CSV export’s sessionRef column, and the session id nowhere', async () => {
    const [a1, , b] = await grantsOf();
    const res = await download(`format=csv&actorId=${doctor.userId}&type=auth.EmergencyAccessGranted.v1`);
    expect(res.status).toBe(200);
    const text = res.body as string;
    expectNoSessionId(text);
    const rows = csvObjects(text);
    expect(rows.map((r) => r.sessionRef)).toEqual([a1.actor.sessionRef, a1.actor.sessionRef, b.actor.sessionRef]);
    expect(rows.every((r) => r.keyId === signingKeyId)).toBe(true);
    expect(Object.keys(rows[0])).not.toContain('sessionId');
  });

  it('carries the reference in the FHIR and NDJSON exports, and the session id nowhere', async () => {
    const [a1, , b] = await grantsOf();
    const fhir = await download(`format=fhir&actorId=${doctor.userId}&type=auth.EmergencyAccessGranted.v1`);
    expect(fhir.status).toBe(200);
    expectNoSessionId(fhir.body as string);
    const bundle = JSON.parse(fhir.body as string) as {
      entry: { resource: { entity: { detail?: { type: string; valueString: string }[] }[] } }[];
    };
    const refs = bundle.entry.map((e) => e.resource.entity[0].detail?.find((d) => d.type === 'sessionRef')?.valueString);
    expect(refs).toEqual([a1.actor.sessionRef, a1.actor.sessionRef, b.actor.sessionRef]);

    const ndjson = await download(`format=ndjson&actorId=${doctor.userId}`);
    expect(ndjson.status).toBe(200);
    expectNoSessionId(ndjson.body as string);
    expect(ndjson.body as string).toContain(a1.actor.sessionRef);
  });

  it('shows the reference as who in a patient’s access report', async () => {
    const [a1] = await grantsOf();
    const res = await get(`patients/${patients.a1}/access-report`);
    expect(res.status).toBe(200);
    expectNoSessionId(res.text);
    expect(res.body.items).toEqual([
      expect.objectContaining({ who: expect.objectContaining({ sessionRef: a1.actor.sessionRef }) }),
    ]);
  });

  it('keeps no session id in the store itself, so a reader of the audit tables finds none either', async () => {
    for (const id of sessionIds) {
      const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events e WHERE e::text LIKE $1`, [
        `%${id}%`,
      ]);
      expect(row.n).toBe(0);
    }
    // While the outbox, which keeps the actor for delivery, did hold them: the audit writer is what leaves them out.
    const [outbox] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox o WHERE o::text LIKE $1`, [
      `%${sessionIds[0]}%`,
    ]);
    expect(outbox.n).toBeGreaterThan(0);
  });
});
