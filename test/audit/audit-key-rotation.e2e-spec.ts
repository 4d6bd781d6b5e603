import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestDatabase } from '../support/test-database.js';
import { appendAll, appendLegacyEntries, behindTheTriggersBack, verifyChain } from './support/audit-store.js';

interface CliRun {
  readonly status: number | null;
  readonly json: Record<string, unknown>;
}

/** Runs the built CLI (`npm test` builds first) against the database, with the keyring an operator would give it. */
function cli(db: TestDatabase, keys: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.url, AUDIT_HMAC_KEYS: keys },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (status) => {
      try {
        resolve({ status, json: out.trim().startsWith('{') ? (JSON.parse(out) as Record<string, unknown>) : { out, err } });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

const secret = () => randomBytes(32).toString('base64');
const sessionIdOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

/**
 * One deployment's database across restarts with other keyrings: the api role, so entries are
 * appended only when the test says (the writer is the same one the worker runs).
 */
function deployment(db: TestDatabase) {
  let current: TestApp | undefined;
  // The same token keys in every process of the deployment, so a session outlives a restart.
  const jwtKeys = `j1:${secret()}`;
  return {
    async start(env: Record<string, string>): Promise<TestApp> {
      await current?.close();
      current = await startTestApp({
        db,
        imports: [ProbeModule],
        env: { APP_ROLE: 'api', RATE_LIMIT_MAX: '100000', JWT_KEYS: jwtKeys, ...env },
      });
      return current;
    },
    async close(): Promise<void> {
      await current?.close();
      current = undefined;
    },
  };
}

async function keyIds(db: TestDatabase): Promise<{ sequence: number; keyId: string | null }[]> {
  const rows = await db.query<{ sequence: string; key_id: string | null }>(
    `SELECT sequence, key_id FROM audit_events ORDER BY sequence`,
  );
  return rows.map((r) => ({ sequence: Number(r.sequence), keyId: r.key_id }));
}

async function probes(t: TestApp, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await t.app.get(CommandBus).execute(new RecordProbe(uuidv7(), ['a', 'b']));
}

describe('rotating the audit key', () => {
  const k1 = secret();
  const k2 = secret();
  let db: TestDatabase;
  let app: ReturnType<typeof deployment>;
  let t: TestApp;
  let firstK1: number;
  let firstK2: number;

  beforeAll(async () => {
    db = await TestDatabase.create();
    for (const sql of PROBE_TABLES) await db.query(sql);
    app = deployment(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('names the signing key in every entry', async () => {
    t = await app.start({ AUDIT_HMAC_KEYS: `k1:${k1}` });
    await probes(t, 3);
    await appendAll(t);
    const ids = await keyIds(db);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(new Set(ids.map((e) => e.keyId))).toEqual(new Set(['k1']));
    firstK1 = ids[0].sequence;
    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: ids.length });
  });

  it('signs with k2 after a restart with [k2, k1], and the whole chain verifies across the rotation', async () => {
    t = await app.start({ AUDIT_HMAC_KEYS: `k2:${k2},k1:${k1}` });
    const before = (await keyIds(db)).length;
    const auditor = await tokenFor(t, 'auditor');
    await probes(t, 3);
    await appendAll(t);
    const ids = await keyIds(db);
    const added = ids.slice(before);
    expect(added.length).toBeGreaterThanOrEqual(6);
    expect(new Set(added.map((e) => e.keyId))).toEqual(new Set(['k2']));
    firstK2 = added[0].sequence;

    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: ids.length, lastSequence: ids.length });
    const res = await t.http().post('/api/v1/audit/verify').set('Authorization', bearer(auditor.accessToken)).send({});
    expect(res.body).toMatchObject({ valid: true, checked: ids.length, firstBrokenSequence: null });
    const run = await cli(db, `k2:${k2},k1:${k1}`, 'audit:verify');
    expect(run).toMatchObject({ status: 0, json: { valid: true, checked: ids.length } });
    // The API shows which key made each entry.
    const events = await t
      .http()
      .get('/api/v1/audit/events?order=asc&limit=500')
      .set('Authorization', bearer(auditor.accessToken));
    const shown = (events.body.items as { sequence: number; keyId: string }[]).map((e) => [e.sequence, e.keyId]);
    expect(shown).toEqual(
      expect.arrayContaining([
        [firstK1, 'k1'],
        [firstK2, 'k2'],
      ]),
    );
  });

  it('fails at the first entry k1 made, saying so, once k1 is removed', async () => {
    const run = await cli(db, `k2:${k2}`, 'audit:verify');
    expect(run).toMatchObject({
      status: 3,
      json: {
        valid: false,
        firstBrokenSequence: firstK1,
        reason: 'the entry names key "k1", which the keyring does not hold',
        checked: 0,
      },
    });
    t = await app.start({ AUDIT_HMAC_KEYS: `k2:${k2}` });
    expect(await verifyChain(t)).toMatchObject({
      valid: false,
      firstBrokenSequence: firstK1,
      reason: expect.stringContaining('"k1"'),
    });
    // What k2 made still verifies on its own.
    expect(await verifyChain(t, firstK2)).toMatchObject({ valid: true });
  });

  it('fails at an entry whose key id was changed, to another key it holds or to one it does not', async () => {
    t = await app.start({ AUDIT_HMAC_KEYS: `k2:${k2},k1:${k1}` });
    const target = firstK2 + 2;
    const relabel = (keyId: string) =>
      behindTheTriggersBack(t, target, `UPDATE audit_events SET key_id = '${keyId}' WHERE sequence = $1`);

    await relabel('k1');
    expect(await verifyChain(t)).toMatchObject({
      valid: false,
      firstBrokenSequence: target,
      reason: 'the entry does not match its hash (altered)',
    });
    await relabel('k9');
    expect(await verifyChain(t)).toMatchObject({
      valid: false,
      firstBrokenSequence: target,
      reason: 'the entry names key "k9", which the keyring does not hold',
    });
    expect((await cli(db, `k2:${k2},k1:${k1}`, 'audit:verify')).json).toMatchObject({
      valid: false,
      firstBrokenSequence: target,
    });
    // Put back, the chain holds again: the key id alone was the break.
    await relabel('k2');
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });
});

describe('entries recorded before key ids', () => {
  const legacySecret = secret();
  const k1 = secret();
  let db: TestDatabase;
  let app: ReturnType<typeof deployment>;
  let t: TestApp;
  let legacy: number[];
  let sessionId: string;
  let auditorToken: string;

  const events = async () => {
    const res = await t.http().get('/api/v1/audit/events?order=asc&limit=500').set('Authorization', bearer(auditorToken));
    expect(res.status).toBe(200);
    return {
      text: res.text,
      items: res.body.items as {
        sequence: number;
        keyId: string | null;
        resourceId: string;
        actor: { sessionRef: string | null };
      }[],
    };
  };

  beforeAll(async () => {
    db = await TestDatabase.create();
    for (const sql of PROBE_TABLES) await db.query(sql);
    app = deployment(db);
    // A deployment that keeps its AUDIT_HMAC_KEY: that key is k0, the key of the entries it recorded before.
    t = await app.start({ AUDIT_HMAC_KEY: legacySecret });
    auditorToken = (await tokenFor(t, 'auditor')).accessToken;
    sessionId = sessionIdOf(auditorToken);
    // What the writer of that time stored for this session: its id in the actor, and as the id of its sign-in.
    legacy = await appendLegacyEntries(t, Buffer.from(legacySecret, 'base64'), [
      {
        type: 'LoginSucceeded',
        resourceType: 'Session',
        resourceId: sessionId,
        actor: { kind: 'anonymous', id: 'anonymous', sessionId: null },
      },
      { type: 'AuditTrailQueried', resourceType: 'AuditTrail', resourceId: 'a', actor: { kind: 'user', id: 'a', sessionId } },
      { type: 'AuditTrailQueried', resourceType: 'AuditTrail', resourceId: 'a', actor: { kind: 'user', id: 'a', sessionId } },
    ]);
    // The same session acts again after the upgrade.
    await events();
    await appendAll(t);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('verify with the key k0 the old AUDIT_HMAC_KEY becomes, in one chain with the entries after them', async () => {
    const ids = await keyIds(db);
    expect(ids.slice(0, 3)).toEqual(legacy.map((sequence) => ({ sequence, keyId: null })));
    expect(new Set(ids.slice(3).map((e) => e.keyId))).toEqual(new Set(['k0']));
    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: ids.length });
  });

  it('show the reference of the session id they hold, the same one new entries of that session carry, and never the id', async () => {
    const { text, items } = await events();
    expect(text).not.toContain(sessionId);
    const [login, ...queried] = items.filter((i) => legacy.includes(i.sequence));
    expect(login.keyId).toBeNull();
    const newer = items.filter((i) => !legacy.includes(i.sequence) && i.actor.sessionRef !== null);
    expect(newer.length).toBeGreaterThan(0);
    const ref = newer[0].actor.sessionRef;
    expect(ref).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(queried.map((i) => i.actor.sessionRef)).toEqual([ref, ref]);
    expect(login.resourceId).toBe(ref);
  });

  it('keep verifying, and keep their references, after a rotation to [k1, k0]; without k0 they fail, saying why', async () => {
    const before = await events();
    t = await app.start({ AUDIT_HMAC_KEYS: `k1:${k1},k0:${legacySecret}` });
    await probes(t, 2);
    await appendAll(t);
    const ids = await keyIds(db);
    expect(ids[ids.length - 1].keyId).toBe('k1');
    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: ids.length });
    const after = await events();
    const legacyRefs = (page: typeof before) =>
      page.items.filter((i) => legacy.includes(i.sequence)).map((i) => [i.resourceId, i.actor.sessionRef]);
    expect(legacyRefs(after)).toEqual(legacyRefs(before));

    t = await app.start({ AUDIT_HMAC_KEYS: `k1:${k1}` });
    expect(await verifyChain(t)).toMatchObject({
      valid: false,
      firstBrokenSequence: legacy[0],
      reason: 'the entry has no key id, so it was made with key "k0", which the keyring does not hold',
    });
    // Without the key no reference can be made, and the session id is still not shown.
    expect((await events()).text).not.toContain(sessionId);
  });
});

describe('a month archived before entries named their key', () => {
  const legacySecret = secret();
  const archived = 'audit_events_y2020m01';
  let db: TestDatabase;
  let app: ReturnType<typeof deployment>;

  beforeAll(async () => {
    db = await TestDatabase.create();
    for (const sql of PROBE_TABLES) await db.query(sql);
    app = deployment(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('verifies, its entries read as keyless although its table has no key_id column', async () => {
    const t = await app.start({ AUDIT_HMAC_KEY: legacySecret });
    await db.query(`SELECT audit_create_partition('2020-01-01')`);
    const old = { resourceType: 'Bulk', resourceId: 'b', actor: { kind: 'system', id: 'old', sessionId: null } };
    await appendLegacyEntries(t, Buffer.from(legacySecret, 'base64'), [
      { ...old, type: 'BulkRecorded', occurredAt: new Date('2020-01-15T10:00:00Z') },
      { ...old, type: 'BulkRecorded', occurredAt: new Date('2020-01-16T10:00:00Z') },
    ]);
    await probes(t, 1);
    await appendAll(t);
    await db.query(`SELECT audit_archive_partition($1)`, [archived]);
    // A table detached before the key_id column was added never got it.
    await db.query(`ALTER TABLE ${archived} DROP COLUMN key_id`);

    const keys = `k1:${secret()},k0:${legacySecret}`;
    expect(await cli(db, keys, 'audit:verify-archive', archived)).toMatchObject({
      status: 0,
      json: { valid: true, checked: 2 },
    });
    expect(await cli(db, keys, 'audit:verify')).toMatchObject({ status: 0, json: { valid: true } });
    // And it is still checked: without k0 its entries do not verify.
    expect(await cli(db, `k1:${secret()}`, 'audit:verify-archive', archived)).toMatchObject({
      status: 3,
      json: { valid: false, reason: expect.stringContaining('"k0"') },
    });
  });
});
