import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { createHttpApp, createWorkerContext, startWorkerProbeServer } from './bootstrap.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/env-parsers.js';
import { loadConfigForProcess } from './config/process-config.js';
import { CONTEXTS } from './contexts.js';
import { ensureDatabase } from './infrastructure/database/ensure-database.js';
import { runMigrations } from './infrastructure/database/migrate.js';

function fail(message: string): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: message })}\n`);
  process.exit(1);
}

function warn(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message })}\n`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** SIGTERM/SIGINT: stop accepting, finish in-flight requests and jobs, close pools, exit 0. */
function handleShutdown(app: INestApplicationContext, extra: Server | undefined, config: AppConfig): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stdout.write(
      `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: `${signal} received, shutting down` })}\n`,
    );
    setTimeout(
      () => fail(`shutdown took longer than ${config.http.shutdownTimeoutMs} ms; exiting`),
      config.http.shutdownTimeoutMs,
    ).unref();
    void (async () => {
      await new Promise<void>((resolve) => (extra ? extra.close(() => resolve()) : resolve()));
      await app.close();
      process.exit(0);
    })().catch((error: unknown) => fail(`shutdown failed: ${describe(error)}`));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigForProcess(process.env, { notice: warn });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  try {
    if (config.database.migrateOnStart) await runMigrations(config, CONTEXTS);
    else await ensureDatabase(config.database.url);
  } catch (error) {
    fail(`cannot prepare the database: ${describe(error)}`);
  }

  if (config.role === 'worker') {
    const worker = await createWorkerContext(config);
    await worker.init();
    const probes = await startWorkerProbeServer(worker, config);
    handleShutdown(worker, probes, config);
    return;
  }

  const app = await createHttpApp(config);
  const server: Server = app.getHttpServer();
  // Longer than the usual load-balancer idle timeout, so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(config.http.port, config.http.host);
  handleShutdown(app, undefined, config);
}

main().catch((error: unknown) => fail(`start-up failed: ${describe(error)}`));
