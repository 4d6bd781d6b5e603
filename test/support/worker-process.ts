import { waitFor } from '@hms/testing';
import type { TestChild, TestChildren } from './child-process.js';
import { freePort } from './free-port.js';
import { REDIS_URL, TEST_KEYS } from './test-env.js';

/** The built server (`npm test` builds first), run as operators run it. */
const MAIN = 'dist/src/main.js';

export interface WorkerProcess extends TestChild {
  /** The port of its probes (/health/ready, /metrics). */
  readonly port: number;
}

/** The api's database, queue prefix and stored files' directory (ADR 37): what a worker shares with it. */
export type WorkerEnv = {
  readonly DATABASE_URL: string;
  readonly QUEUE_PREFIX: string;
  readonly STORAGE_DIR: string;
} & Record<string, string>;

/**
 * Starts `node dist/src/main.js` with APP_ROLE=worker on a test's database
 * and queue prefix, without waiting for it (its work may start before its probes answer).
 */
export async function spawnWorkerProcess(children: TestChildren, env: WorkerEnv): Promise<WorkerProcess> {
  const port = await freePort();
  const child = children.spawn(process.execPath, [MAIN], {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    APP_ROLE: 'worker',
    // The test's database is a clone of the migrated template.
    DB_MIGRATE_ON_START: 'false',
    REDIS_URL,
    OUTBOX_POLL_INTERVAL_MS: '100',
    // The keys of the file's in-process app, which verifies the chain and reads what the worker wrote.
    ...TEST_KEYS,
    ...env,
    PORT: String(port),
  });
  return Object.assign(child, { port });
}

/** Starts a worker process and waits until its probes say it is ready (PostgreSQL and Redis reachable, consumers started). */
export async function startWorkerProcess(children: TestChildren, env: WorkerEnv): Promise<WorkerProcess> {
  const worker = await spawnWorkerProcess(children, env);
  const { port } = worker;
  await waitFor(
    async () => {
      if (!worker.running) throw new Error(`the worker exited early: ${worker.stderr() || worker.stdout()}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      await res.arrayBuffer();
      return res.status === 200;
    },
    'the worker process to be ready',
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  return worker;
}
