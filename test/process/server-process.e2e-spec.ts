import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import pg from 'pg';
import { generateDevKeys } from '../../src/config/dev-key-file.js';
import { DEMO_PASSWORD } from '../../src/modules/auth/application/demo-users.seeder.js';
import { epochSeconds, forgeJwt } from '../support/jwt-forge.js';
import { freePort } from '../support/free-port.js';
import { databaseUrl, FILE_DATABASE_PREFIX, maintenanceUrl, REDIS_URL, uniqueSuffix } from '../support/test-env.js';

/** These tests run the built server (`npm test` builds first) as operators do: a process with env vars. */
const MAIN = resolve('dist/src/main.js');
const SEED = resolve('dist/src/seed.js');

/** Where the processes of this file keep generated development keys: never the checkout's own .hms/. */
const KEYS_DIR = mkdtempSync(join(tmpdir(), 'hms-process-keys-'));
const KEYS_FILE = join(KEYS_DIR, 'dev-keys.json');

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** The server with exactly this environment, in this working directory. */
function runBare(env: Record<string, string | undefined>, cwd?: string): Run {
  const child = spawn(process.execPath, [MAIN], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

function run(env: Record<string, string>): Run {
  return runBare({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    HMS_DEV_KEYS_FILE: KEYS_FILE,
    ...env,
  });
}

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** Whether a new TCP connection to the port is accepted (closed again at once). */
function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(port, host);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** This machine's addresses other than loopback. */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
}

async function signIn(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function me(port: number, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
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
    rmSync(KEYS_DIR, { recursive: true, force: true });
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
    const child = spawn(process.execPath, [SEED], { env: { PATH: process.env.PATH, NODE_ENV: 'production' } });
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
        const child = spawn(process.execPath, [SEED], {
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'development',
            HMS_DEV_KEYS_FILE: KEYS_FILE,
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
      'department_head',
      'doctor',
      'lab_technician',
      'nurse',
      'pharmacist',
      'receptionist',
      'records_officer',
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

  describe('with no key set and no NODE_ENV, as right after a checkout', () => {
    const checkouts: string[] = [];
    afterAll(() => {
      for (const dir of checkouts) rmSync(dir, { recursive: true, force: true });
    });
    /** A fresh checkout: an empty working directory the processes start in. */
    const checkout = () => {
      const dir = mkdtempSync(join(tmpdir(), 'hms-checkout-'));
      checkouts.push(dir);
      return dir;
    };
    const bareEnv = (name: string, port = 0) => ({
      PATH: process.env.PATH,
      LOG_LEVEL: 'warn',
      REDIS_URL,
      DATABASE_URL: databaseUrl(name),
      QUEUE_PREFIX: `hms-test-${name}`,
      PORT: String(port),
    });
    const GENERATED = 'generated random development keys into';
    const seed = (env: Record<string, string | undefined>, cwd: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [SEED], { env, cwd });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const claimsOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; sid: string };
    /** A token for that user and session, signed with this key under kid dev1, as the server's own are. */
    const signedWith = (key: Buffer, claims: { sub: string; sid: string }) =>
      forgeJwt({
        header: { alg: 'HS256', typ: 'JWT', kid: 'dev1' },
        claims: { ...claims, iss: 'hms', aud: 'hms-api', iat: epochSeconds(), exp: epochSeconds(600) },
        key,
      });
    // The key every checkout used to derive from strings in the repository (spelled in pieces so no file holds it whole).
    const formerPublicKey = Buffer.from(
      `${['dev', 'only', ''].join('-')}${createHash('sha256')
        .update(`${['hms', 'development', ''].join('-')}jwt`)
        .digest('base64url')}`,
      'base64',
    );

    it('seed and server generate random keys once into .hms/dev-keys.json (0600) and share them; the old public key forges nothing; another checkout has its own keys', async () => {
      const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
      databases.push(name);
      const a = checkout();
      const file = join(a, '.hms', 'dev-keys.json');

      const seeded = await seed(bareEnv(name), a);
      expect(seeded.code).toBe(0);
      expect(seeded.out.split('\n').filter((line) => line.includes(GENERATED))).toEqual([expect.stringContaining(file)]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const stored = readFileSync(file, 'utf8');
      const jwtKey = Buffer.from((JSON.parse(stored) as { JWT_KEYS: string }).JWT_KEYS.split(':')[1], 'base64');

      const port = await freePort();
      const server = runBare(bareEnv(name, port), a);
      let token: string;
      try {
        await waitFor(async () => (await get(port, '/health/ready')) === 200, 'the server to be ready', { timeoutMs: 30_000 });
        // The seed's demo admin signs in: seed and server use the same keys.
        token = await signIn(port, 'admin@hms.local', DEMO_PASSWORD);
        expect(await me(port, token)).toBe(200);
        // A token for the admin's own user and session: with the checkout's key it passes (the forging is right),
        // with the key that used to be public it is refused.
        expect(await me(port, signedWith(jwtKey, claimsOf(token)))).toBe(200);
        expect(await me(port, signedWith(formerPublicKey, claimsOf(token)))).toBe(401);
        // Outside production it listens on loopback only.
        for (const address of externalAddresses()) expect(await accepts(port, address)).toBe(false);
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      }
      expect(server.stdout() + server.stderr()).not.toContain(GENERATED);
      expect(readFileSync(file, 'utf8')).toBe(stored);

      // A second checkout on the same database: its own keys, so the first checkout's token means nothing there.
      const b = checkout();
      const otherPort = await freePort();
      const other = runBare(bareEnv(name, otherPort), b);
      try {
        await waitFor(async () => (await get(otherPort, '/health/ready')) === 200, 'the other server to be ready', {
          timeoutMs: 30_000,
        });
        expect(other.stdout()).toContain(`${GENERATED} ${join(b, '.hms', 'dev-keys.json')}`);
        expect(await me(otherPort, token)).toBe(401);
      } finally {
        other.child.kill('SIGTERM');
        await other.exited;
      }
      expect(readFileSync(join(b, '.hms', 'dev-keys.json'), 'utf8')).not.toBe(stored);
    });

    it('refuses a key file open to group or others, or damaged, with one line naming it and exit code 1, and leaves it as it was', async () => {
      const dir = checkout();
      const file = join(dir, '.hms', 'dev-keys.json');
      const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
      const first = await seed({ ...bareEnv(name), DATABASE_URL: 'not a url' }, dir);
      // Nothing is written while the rest of the configuration is bad.
      expect(first.out).toContain('Invalid configuration: DATABASE_URL');
      expect(() => statSync(file)).toThrow();

      mkdirSync(join(dir, '.hms'), { mode: 0o700 });
      const cases: [() => void, string][] = [
        [
          () => {
            writeFileSync(file, JSON.stringify(generateDevKeys()));
            chmodSync(file, 0o644);
          },
          `Invalid configuration: development key file ${file} is open to group or others (mode 0644); run chmod 600 on it`,
        ],
        [
          () => {
            chmodSync(file, 0o600);
            writeFileSync(file, '{"JWT_KEYS": "dev1:');
          },
          `Invalid configuration: development key file ${file} is not valid JSON`,
        ],
      ];
      for (const [prepare, message] of cases) {
        prepare();
        const before = readFileSync(file, 'utf8');
        const server = runBare(bareEnv(name, await freePort()), dir);
        // A server that starts instead would never exit: give it 20 s, then stop it.
        const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
        const code = await server.exited;
        clearTimeout(timer);
        expect(code).toBe(1);
        const lines = server.stderr().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(message);
        expect(readFileSync(file, 'utf8')).toBe(before);
      }
    });

    it('processes starting together (api and worker) in a fresh checkout agree on one generated key file', async () => {
      const dir = checkout();
      const module = pathToFileURL(resolve('dist/src/config/process-config.js')).href;
      const startAt = Date.now() + 1500;
      // Each loads the module first, then waits for the same instant, so they reach the file together.
      const script = `
        import { createHash } from 'node:crypto';
        const { loadConfigForProcess } = await import(${JSON.stringify(module)});
        while (Date.now() < ${startAt});
        let generated = 0;
        const config = loadConfigForProcess(process.env, { notice: () => generated++ });
        const digest = createHash('sha256').update(JSON.stringify([config.auth.jwtKeys, config.crypto])).digest('hex');
        process.stdout.write(JSON.stringify({ digest, generated }));`;
      const runs = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<{ digest: string; generated: number }>((resolve, reject) => {
              const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
                cwd: dir,
                env: { PATH: process.env.PATH },
              });
              let out = '';
              let err = '';
              child.stdout.on('data', (d: Buffer) => (out += d.toString()));
              child.stderr.on('data', (d: Buffer) => (err += d.toString()));
              child.on('exit', (code) =>
                code === 0 ? resolve(JSON.parse(out) as { digest: string; generated: number }) : reject(new Error(err)),
              );
            }),
        ),
      );
      expect(new Set(runs.map((r) => r.digest)).size).toBe(1);
      expect(runs.reduce((sum, r) => sum + r.generated, 0)).toBe(1);
      expect(readdirSync(join(dir, '.hms'))).toEqual(['dev-keys.json']);
    });
  });
});
