import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { MetricsService } from '../../src/infrastructure/metrics/metrics.service.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { bearer, tokenFor } from '../support/auth.js';
import { TEST_KEYS } from '../support/test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll, behindTheTriggersBack, insertOutboxEvents, verifyChain } from './support/audit-store.js';

interface CliRun {
  readonly status: number | null;
  readonly json: Record<string, unknown>;
}

/** Runs the built CLI (`npm test` builds first) against the test database, as an operator would. */
function cli(t: TestApp, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      // The app's keys: the chain's HMAC key above all.
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: t.db.url, ...TEST_KEYS },
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

async function head(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ last_sequence: string }>(`SELECT last_sequence FROM audit_chain_head`);
  return Number(row.last_sequence);
}

function chainValidGauge(text: string): number | undefined {
  const match = /^audit_chain_valid (\S+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('audit chain verification', () => {
  let t: TestApp;
  let auditor: string;
  let tampered: number;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { AUDIT_VERIFY_INTERVAL_SECONDS: '1' } });
    auditor = (await tokenFor(t, 'auditor')).accessToken;
    for (let i = 0; i < 10; i += 1) await t.app.get(CommandBus).execute(new RecordProbe(uuidv7(), ['a', 'b', 'c']));
    await appendAll(t);
  });
  afterAll(() => t.close());

  const verify = (body: object = {}) => t.http().post('/api/v1/audit/verify').set('Authorization', bearer(auditor)).send(body);

  it('passes an intact chain: over HTTP, on the command line, and in the worker', async () => {
    const res = await verify();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true,
      checked: expect.any(Number),
      firstBrokenSequence: null,
      reason: null,
      lastSequence: expect.any(Number),
    });
    expect(res.body.checked).toBeGreaterThanOrEqual(30);
    expect(res.body.checked).toBe(res.body.lastSequence);

    // Both bounds are optional, and so is the body.
    const bare = await t.http().post('/api/v1/audit/verify').set('Authorization', bearer(auditor));
    expect(bare.body).toMatchObject({ valid: true, firstBrokenSequence: null });

    const run = await cli(t, 'audit:verify');
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ valid: true, firstBrokenSequence: null });

    const metrics = t.app.get(MetricsService);
    await waitFor(async () => chainValidGauge(await metrics.registry.metrics()) === 1, 'audit_chain_valid 1');
  });

  it('fails at the exact sequence of an entry changed behind the trigger’s back', async () => {
    await appendAll(t);
    tampered = (await head(t)) - 12;
    await behindTheTriggersBack(
      t,
      tampered,
      `UPDATE audit_events SET change = jsonb_set(change, '{label}', '"forged"') WHERE sequence = $1`,
    );

    const res = await verify();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, firstBrokenSequence: tampered, reason: expect.stringContaining('altered') });
    expect(res.body.lastSequence).toBe(tampered - 1);
    // The chain holds on both sides of the edit: the break is that one entry.
    expect((await verify({ toSequence: tampered - 1 })).body).toMatchObject({ valid: true, checked: tampered - 1 });
    expect((await verify({ fromSequence: tampered + 1 })).body).toMatchObject({ valid: true });

    const run = await cli(t, 'audit:verify');
    expect(run.status).toBe(3);
    expect(run.json).toMatchObject({ valid: false, firstBrokenSequence: tampered });
    expect((await cli(t, 'audit:verify', String(tampered + 1))).status).toBe(0);
  });

  it('makes the worker report the break: audit_chain_valid 0 and an error log naming the sequence', async () => {
    const metrics = t.app.get(MetricsService);
    await waitFor(async () => chainValidGauge(await metrics.registry.metrics()) === 0, 'audit_chain_valid 0', {
      timeoutMs: 15_000,
    });
    const logged = t.logs
      .entries()
      .find((line) => line.msg === 'audit chain verification failed: the audit store was altered or has lost entries');
    expect(logged).toMatchObject({ level: 50, firstBrokenSequence: tampered });
  });

  it('finds a deleted entry as a gap, and entries removed from the end', async () => {
    await appendAll(t);
    const gap = tampered + 5;
    await behindTheTriggersBack(t, gap, `DELETE FROM audit_events WHERE sequence = $1`);
    expect(await verifyChain(t, tampered + 1)).toMatchObject({
      valid: false,
      firstBrokenSequence: gap,
      reason: `sequence ${gap} is missing`,
    });

    await appendAll(t);
    const last = await head(t);
    await behindTheTriggersBack(t, last, `DELETE FROM audit_events WHERE sequence = $1`);
    // A range starting right after a lost entry has no predecessor to chain from.
    expect(await verifyChain(t, gap + 1)).toMatchObject({ valid: false, firstBrokenSequence: gap });
    expect(await verifyChain(t, gap + 2)).toMatchObject({
      valid: false,
      firstBrokenSequence: last,
      reason: `sequence ${last} is missing`,
    });
  });

  it('refuses a range that ends before it starts, and a non-auditor', async () => {
    expect((await verify({ fromSequence: 5, toSequence: 4 })).body).toMatchObject({ status: 400, code: 'AUDIT.INVALID_RANGE' });
    expect((await verify({ fromSequence: 0 })).status).toBe(400);
    expect((await verify({ fromSequence: 'one' })).status).toBe(400);
    expect((await cli(t, 'audit:verify', 'x')).status).toBe(2);
    const nurse = await tokenFor(t, 'nurse');
    const res = await t.http().post('/api/v1/audit/verify').set('Authorization', bearer(nurse.accessToken)).send({});
    expect(res.status).toBe(403);
  });
});

describe('an archived month', () => {
  let t: TestApp;
  const archived = 'audit_events_y2020m01';

  beforeAll(async () => {
    t = await startTestApp();
    await t.db.query(`SELECT audit_create_partition('2020-01-01')`);
    // Late events of an old month arrive between current ones, so the old month's sequences come in runs.
    const prefix = `archive-${uuidv7()}`;
    await insertOutboxEvents(t, 3, { prefix: `${prefix}-now-1` });
    await insertOutboxEvents(t, 2, { prefix: `${prefix}-old-1`, occurredAt: '2020-01-15T10:00:00Z' });
    await insertOutboxEvents(t, 2, { prefix: `${prefix}-now-2` });
    await insertOutboxEvents(t, 1, { prefix: `${prefix}-old-2`, occurredAt: '2020-01-31T23:59:59.999Z' });
    await insertOutboxEvents(t, 2, { prefix: `${prefix}-now-3` });
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('is detached with its runs recorded, and both the live chain and the archive still verify', async () => {
    const [{ n: total }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
    const archive = await cli(t, 'audit:archive', archived);
    expect(archive.status).toBe(0);
    expect(archive.json.out).toContain('2 chain runs recorded');

    const [{ n: live }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
    expect(live).toBe(total - 3);
    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: total - 3 });
    expect((await cli(t, 'audit:verify')).status).toBe(0);
    const check = await cli(t, 'audit:verify-archive', archived);
    expect(check).toEqual({ status: 0, json: expect.objectContaining({ valid: true, checked: 3 }) });

    // Still append-only while it waits to be dumped.
    await expect(t.db.query(`UPDATE ${archived} SET reason = 'edited'`)).rejects.toThrow(/append-only/);
    await t.db.query(`ALTER TABLE ${archived} DISABLE TRIGGER audit_events_append_only`);
    await t.db.query(`UPDATE ${archived} SET reason = 'edited' WHERE sequence = (SELECT max(sequence) FROM ${archived})`);
    await t.db.query(`ALTER TABLE ${archived} ENABLE TRIGGER audit_events_append_only`);
    const broken = await cli(t, 'audit:verify-archive', archived);
    expect(broken.status).toBe(3);
    expect(broken.json).toMatchObject({ valid: false, reason: expect.stringContaining('altered') });
  });

  it('refuses to archive the current month', async () => {
    const [{ name }] = await t.db.query<{ name: string }>(`SELECT audit_create_partition(now()::date) AS name`);
    const run = await cli(t, 'audit:archive', name);
    expect(run.status).toBe(1);
    expect(String(run.json.err)).toContain('only months that are over can be archived');
  });
});
