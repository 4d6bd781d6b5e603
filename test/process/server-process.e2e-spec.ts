import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import pg from 'pg';
import { freePort } from '../support/free-port.js';
import { databaseUrl, FILE_DATABASE_PREFIX, maintenanceUrl, REDIS_URL, uniqueSuffix } from '../support/test-env.js';

/** These tests run the built server (`npm test` builds first) as operators do: a process with env vars. */
const MAIN = 'dist/src/main.js';

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', REDIS_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** Whether a new TCP connection to the port is accepted (closed again at once). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(port, '127.0.0.1');
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function get(port: number, path: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  await res.arrayBuffer();
  return res.status;
}

describe('the server process', () => {
  const databases: string[] = [];
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: maintenanceUrl() });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ APP_ROLE: 'everything' }, 'APP_ROLE'],
    [{ NODE_ENV: 'production', JWT_KEYS: 'k1:change-me-please-change-me-please-00' }, 'JWT_KEYS'],
  ])('refuses to start on bad configuration %j, with one line naming the variable and exit code 1', async (env, variable) => {
    const server = run(env);
    expect(await server.exited).toBe(1);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Invalid configuration: ${variable}`);
  });

  it('refuses to seed demo data when NODE_ENV=production', async () => {
    const child = spawn(process.execPath, ['dist/src/seed.js'], { env: { PATH: process.env.PATH, NODE_ENV: 'production' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('refuses to run with NODE_ENV=production');
  });

  it('creates and migrates a missing database, serves, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    databases.push(name);
    const port = await freePort();
    const server = run({ DATABASE_URL: databaseUrl(name), PORT: String(port), QUEUE_PREFIX: `hms-test-${name}` });
    try {
      await waitFor(async () => (await get(port, '/health/ready')) === 200, 'the server to be ready', { timeoutMs: 30_000 });
      const admin = new pg.Client({ connectionString: databaseUrl(name) });
      await admin.connect();
      const { rows } = await admin.query<{ name: string }>('SELECT name FROM migrations');
      await admin.end();
      expect(rows.map((r) => r.name)).toContain('CreateOutboxAndInbox1763800000000');

      // A request whose body is still arriving when SIGTERM comes must still get its answer.
      const body = JSON.stringify({ pending: 'yes' });
      const socket = net.connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let response = '';
      socket.on('data', (d: Buffer) => (response += d.toString()));
      socket.write(
        `POST /api/v1/in-flight HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 5)}`,
      );
      // The server's 100 Continue says it has parsed the headers: the request is in flight there.
      await waitFor(() => response.startsWith(CONTINUE), 'the server to take the request', { timeoutMs: 10_000 });
      server.child.kill('SIGTERM');
      // Shutting down: it no longer accepts connections, while this one still waits for its body.
      await waitFor(async () => !(await accepts(port)), 'the server to stop accepting connections', { timeoutMs: 10_000 });
      socket.end(body.slice(5));
      await waitFor(() => response.includes('\r\n\r\n{'), 'the in-flight response', { timeoutMs: 10_000 });
      const final = response.slice(CONTINUE.length);
      expect(final).toMatch(/^HTTP\/1\.1 404 /);
      expect(final).toContain('application/problem+json');

      expect(await server.exited).toBe(0);
      await expect(get(port, '/health/live')).rejects.toThrow();
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('creates the first administrator from BOOTSTRAP_ADMIN_* on a first start, once', async () => {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    databases.push(name);
    const email = 'first.admin@test.hms';
    const password = 'granite orchard lantern 1907';
    const env = {
      DATABASE_URL: databaseUrl(name),
      QUEUE_PREFIX: `hms-test-${name}`,
      BOOTSTRAP_ADMIN_EMAIL: email,
      BOOTSTRAP_ADMIN_PASSWORD: password,
    };
    for (let start = 0; start < 2; start++) {
      const port = await freePort();
      const server = run({ ...env, PORT: String(port) });
      try {
        await waitFor(async () => (await get(port, '/health/ready')) === 200, 'the server to be ready', { timeoutMs: 30_000 });
        const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(login.status).toBe(200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        expect(((await me.json()) as { roles: string[] }).roles).toEqual(['admin']);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
    const db = new pg.Client({ connectionString: databaseUrl(name) });
    await db.connect();
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    const { rows: events } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'auth.UserCreated.v1' AND payload->>'bootstrap' = 'true'`,
    );
    await db.end();
    expect(rows[0].n).toBe(1);
    expect(events[0].n).toBe(1);
  });

  it('refuses to start with a bootstrap password that breaks the password policy', async () => {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    databases.push(name);
    const server = run({
      DATABASE_URL: databaseUrl(name),
      PORT: String(await freePort()),
      QUEUE_PREFIX: `hms-test-${name}`,
      BOOTSTRAP_ADMIN_EMAIL: 'first.admin@test.hms',
      BOOTSTRAP_ADMIN_PASSWORD: 'password1234',
    });
    expect(await server.exited).toBe(1);
    expect(server.stderr() + server.stdout()).toContain('password');
  });

  it('seeds one demo user per built-in role, idempotently', async () => {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    databases.push(name);
    const seed = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['dist/src/seed.js'], {
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'development',
            DATABASE_URL: databaseUrl(name),
            REDIS_URL,
            QUEUE_PREFIX: `hms-test-${name}`,
          },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const first = await seed();
    expect(first.code).toBe(0);
    expect(first.out).toContain('admin@hms.local');
    const second = await seed();
    expect(second.code).toBe(0);
    expect(second.out).toContain('demo users already exist');
    const db = new pg.Client({ connectionString: databaseUrl(name) });
    await db.connect();
    const { rows } = await db.query<{ email: string; role: string }>(
      `SELECT u.email, r.name AS role FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id ORDER BY r.name`,
    );
    await db.end();
    expect(rows.map((r) => r.role)).toEqual([
      'admin',
      'auditor',
      'billing_clerk',
      'doctor',
      'lab_technician',
      'nurse',
      'pharmacist',
      'receptionist',
    ]);
    expect(rows.find((r) => r.role === 'lab_technician')?.email).toBe('lab.technician@hms.local');
  });

  it('runs the worker role with probes only, and exits 0 on SIGTERM', async () => {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    databases.push(name);
    const port = await freePort();
    const worker = run({
      APP_ROLE: 'worker',
      DATABASE_URL: databaseUrl(name),
      PORT: String(port),
      QUEUE_PREFIX: `hms-test-${name}`,
    });
    try {
      await waitFor(async () => (await get(port, '/health/ready')) === 200, 'the worker to be ready', { timeoutMs: 30_000 });
      expect(await get(port, '/health/live')).toBe(200);
      expect(await get(port, '/metrics')).toBe(200);
      expect(await get(port, '/api/docs/openapi.json')).toBe(404);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});
