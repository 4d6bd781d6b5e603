import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';

/** Variables whose values are generated secrets: never written to results or logs. */
export const SECRET_VARIABLES = [
  'JWT_KEYS',
  'PII_ENCRYPTION_KEYS',
  'PII_BLIND_INDEX_KEYS',
  'AUDIT_HMAC_KEYS',
  'BOOTSTRAP_ADMIN_PASSWORD',
] as const;

const key = () => randomBytes(32).toString('base64');

/** Fresh secrets for one run, so the server starts in production mode without a secret ever being stored. */
export function generateSecrets(): Record<string, string> {
  return {
    JWT_KEYS: `bench:${key()}`,
    PII_ENCRYPTION_KEYS: `bench:${key()}`,
    PII_BLIND_INDEX_KEYS: `bench:${key()}`,
    AUDIT_HMAC_KEYS: `bench:${key()}`,
  };
}

/** Secrets replaced by a marker, for the results file. */
export function withoutSecrets(env: Readonly<Record<string, string>>): Record<string, string> {
  const secret = new Set<string>(SECRET_VARIABLES);
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, secret.has(name) ? '[generated]' : value]));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when it did not stop on SIGTERM in time and was killed. */
  readonly killed: boolean;
}

export interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  readonly logPath: string;
  /** The last lines the server logged. */
  logTail(lines?: number): string;
  /** How it ended, once it has. */
  exited(): ServerExit | undefined;
  /** SIGTERM (graceful shutdown), then SIGKILL to its process group if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<ServerExit>;
}

/**
 * Starts `node dist/src/main.js` as a separate process in its own process
 * group, its output in a log file, and waits until /health/ready answers 200
 * (the server creates and migrates its database before it listens).
 */
export async function startServer(options: {
  readonly root: string;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly workDir: string;
  readonly cleanup: Cleanup;
  readonly readyTimeoutMs?: number;
  /** Options for node itself, before the script (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** Names the log file (`<name>.log`); default `server`. */
  readonly name?: string;
}): Promise<ServerProcess> {
  const logPath = join(options.workDir, `${options.name ?? 'server'}.log`);
  const log = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'dist/src/main.js'], {
      cwd: options.root,
      env: options.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process did not start');
  options.cleanup.track(child, true);

  let exited: ServerExit | undefined;
  const exit = new Promise<ServerExit>((resolve) =>
    child.once('exit', (code, signal) => resolve((exited ??= { code, signal, killed: false }))),
  );
  const origin = `http://127.0.0.1:${options.port}`;
  const logTail = (lines = 30) => {
    try {
      return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  let stopping: Promise<ServerExit> | undefined;
  const stop = (graceMs = 35_000) =>
    (stopping ??= (async () => {
      if (exited) return exited;
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, graceMs);
      const result = await exit;
      clearTimeout(timer);
      return result.signal === 'SIGKILL' ? { ...result, killed: true } : result;
    })());
  options.cleanup.defer(async () => {
    await stop();
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (exited) {
      throw new Error(`the server exited (${exited.signal ?? `code ${exited.code}`}) before it was ready:\n${logTail()}`);
    }
    try {
      const res = await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready within the time allowed:\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { pid, origin, logPath, logTail, exited: () => exited, stop };
}
