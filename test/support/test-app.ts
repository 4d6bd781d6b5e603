import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { waitFor } from '@hms/testing';
import request, { type Response } from 'supertest';
import { createHttpApp } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/app-config.js';
import type { AnyContextDescriptor } from '../../src/infrastructure/context/context-descriptor.js';
import { LogCapture } from './log-capture.js';
import { TestDatabase } from './test-database.js';
import { REDIS_URL, testConfig, uniqueSuffix } from './test-env.js';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  /**
   * Log lines of this app. nestjs-pino keeps one root logger per process, so only the first app
   * started in a test file captures reliably (later apps' lines go to the first app's capture).
   */
  readonly logs: LogCapture;
  /** supertest against the app's server; sends Host: localhost like a local client. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly imports?: NonNullable<ModuleMetadata['imports']>;
  /** The bounded contexts to mount instead of src/contexts.ts (a test adding a context). */
  readonly contexts?: readonly AnyContextDescriptor[];
  readonly env?: Record<string, string>;
  /** Reuse a database (several app instances as replicas of one deployment). */
  readonly db?: TestDatabase;
  /** SQL run on the fresh database before the app starts (fixture tables). */
  readonly setupSql?: readonly string[];
  /** Overrides the database URL the app uses (e.g. through a TCP proxy). */
  readonly databaseUrlFor?: (db: TestDatabase) => string;
}

/** Boots the real HTTP app (role all by default) on its own database and Bull prefix. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await TestDatabase.create());
  for (const sql of options.setupSql ?? []) await db.query(sql);
  // Each app keeps its stored files in a directory of its own, removed with it.
  const storageDir = await mkdtemp(join(tmpdir(), 'hms-test-storage-'));
  const config = testConfig({
    DATABASE_URL: options.databaseUrlFor?.(db) ?? db.url,
    QUEUE_PREFIX: `hms-test-${uniqueSuffix()}`,
    STORAGE_DIR: storageDir,
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createHttpApp(config, { imports: options.imports, contexts: options.contexts, logStream: logs });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    config,
    db,
    logs,
    http: () => request(server),
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
      await deleteQueueKeys(config.queue.prefix);
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis already unreachable in an outage test: nothing to clean.
  } finally {
    redis.disconnect();
  }
}

/** Polls a GET until it answers the wanted status (an outage noticed, a recovery), and returns that response. */
export function waitForStatus(
  t: TestApp,
  path: string,
  status: number,
  description: string,
  timeoutMs = 10_000,
): Promise<Response> {
  return waitFor(
    async () => {
      const res = await t.http().get(path);
      return res.status === status ? res : undefined;
    },
    description,
    { timeoutMs, intervalMs: 100 },
  );
}
