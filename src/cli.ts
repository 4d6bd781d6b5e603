import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Bull from 'bull';
import pg from 'pg';
import { AppModule } from './app.module.js';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { ConfigError } from './config/env-parsers.js';
import { httpStatusOf } from './error-status.js';
import { renderPermissionsDoc } from './permissions-doc.js';
import { verifyArchivedPartition, verifyAuditChain, type ChainVerification, type SqlRunner } from './modules/audit/index.js';
import { ensureDatabase } from './infrastructure/database/ensure-database.js';
import { registerMigration, scaffoldMigration } from './infrastructure/database/migration-scaffold.js';
import { pendingMigrations, revertLastMigration, runMigrations } from './infrastructure/database/migrate.js';
import { configureHttpApp } from './infrastructure/http/configure-http-app.js';
import { buildOpenApiDocument } from './infrastructure/http/openapi.js';
import { ALL_QUEUES } from './infrastructure/queue/queue-names.js';
import { buildQueueOptions } from './infrastructure/queue/queue-options.js';
import { runPiiRotationCli } from './modules/patients/cli/pii-rotation-cli.js';

type Command = (config: AppConfig, args: string[]) => Promise<void>;

const print = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

async function withPg<T>(config: AppConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: config.database.url, application_name: 'hms-cli' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function queueNamed(config: AppConfig, name: string): Bull.Queue {
  if (!(ALL_QUEUES as readonly string[]).includes(name))
    throw new UsageError(`unknown queue "${name}"; queues: ${ALL_QUEUES.join(', ')}`);
  const { url, ...options } = buildQueueOptions(config);
  return new Bull(name, url!, options);
}

class UsageError extends Error {}

/** Exit code of a verification that found the audit chain broken (2 is taken by usage errors). */
const CHAIN_BROKEN_EXIT_CODE = 3;

const sqlRunner = (client: pg.Client): SqlRunner => ({
  query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T,
});

function sequenceArg(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new UsageError(`${name} must be a sequence number (1 or more)`);
  return Number(value);
}

function printVerification(result: ChainVerification): void {
  const { valid, checked, firstBrokenSequence, reason, lastSequence } = result;
  print({ valid, checked, firstBrokenSequence, reason, lastSequence });
  if (!valid) process.exitCode = CHAIN_BROKEN_EXIT_CODE;
}

const commands: Record<string, { help: string; run: Command }> = {
  'db:create': {
    help: 'create the database named in DATABASE_URL if it does not exist',
    run: async (config) => {
      print((await ensureDatabase(config.database.url)) ? 'database created' : 'database already exists');
    },
  },
  'migrations:run': {
    help: 'apply pending migrations',
    run: async (config) => {
      const applied = await runMigrations(config);
      print(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
    },
  },
  'migrations:create': {
    help: 'write an empty migration for reviewed SQL and register it last: migrations:create <PascalCaseName>',
    run: (_config, [name]) => {
      if (!name) throw new UsageError('name the migration: migrations:create <PascalCaseName>');
      let migration;
      try {
        migration = scaffoldMigration(name, new Date());
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const index = 'migrations/index.ts';
      if (!existsSync(index)) throw new UsageError('run from the project root (migrations/index.ts not found)');
      const registered = registerMigration(readFileSync(index, 'utf8'), migration);
      writeFileSync(`migrations/${migration.fileName}`, migration.text, { flag: 'wx' });
      writeFileSync(index, registered);
      print(`wrote migrations/${migration.fileName} and registered ${migration.className}; write its SQL`);
      return Promise.resolve();
    },
  },
  'migrations:revert': {
    help: 'revert the most recent migration',
    run: async (config) => {
      await revertLastMigration(config);
      print('reverted the last migration');
    },
  },
  'migrations:show': {
    help: 'exit 0 when the schema is current, 2 when migrations are pending',
    run: async (config) => {
      const pending = await pendingMigrations(config);
      print(pending ? 'migrations are pending' : 'schema is up to date');
      if (pending) process.exitCode = 2;
    },
  },
  'openapi:export': {
    help: 'write the OpenAPI document: openapi:export <file>',
    run: async (config, [file = 'docs/openapi.json']) => {
      // Preview mode builds the module graph without connecting to PostgreSQL or Redis.
      const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
        preview: true,
        logger: false,
        bodyParser: false,
      });
      configureHttpApp(app, config, httpStatusOf);
      const document = buildOpenApiDocument(app);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      print(`wrote ${file} (${Object.keys(document.paths).length} paths)`);
    },
  },
  'docs:permissions': {
    help: 'write docs/permissions.md from the permission catalogue and the built-in roles',
    run: () => {
      writeFileSync('docs/permissions.md', renderPermissionsDoc());
      print('wrote docs/permissions.md');
      return Promise.resolve();
    },
  },
  'outbox:status': {
    help: 'backlog, oldest unpublished event, undispatched and unaudited events, recent errors',
    run: (config) =>
      withPg(config, async (client) => {
        const { rows } = await client.query(
          `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
                  min(created_at) FILTER (WHERE published_at IS NULL) AS oldest_unpublished,
                  count(*) FILTER (WHERE published_at IS NOT NULL AND dispatched_at IS NULL)::int AS undispatched,
                  count(*) FILTER (WHERE last_error IS NOT NULL AND dispatched_at IS NULL)::int AS failing,
                  count(*) FILTER (WHERE audited_at IS NULL)::int AS unaudited
             FROM outbox`,
        );
        print(rows[0]);
      }),
  },
  'audit:verify': {
    help: 'recompute the audit hash chain: audit:verify [fromSequence] [toSequence]; exit 0 valid, 3 broken',
    run: (config, [from, to]) =>
      withPg(config, async (client) => {
        const fromSequence = sequenceArg(from, 'fromSequence');
        const toSequence = sequenceArg(to, 'toSequence');
        if (fromSequence !== undefined && toSequence !== undefined && fromSequence > toSequence)
          throw new UsageError('fromSequence must not be after toSequence');
        printVerification(await verifyAuditChain(sqlRunner(client), config.crypto.auditHmacKey, { fromSequence, toSequence }));
      }),
  },
  'audit:archive': {
    help: 'record how the chain runs through a past month, then detach it: audit:archive audit_events_yYYYYmMM',
    run: (config, [partition]) =>
      withPg(config, async (client) => {
        if (!partition) throw new UsageError('name the partition, e.g. audit_events_y2020m01');
        const { rows } = await client.query<{ runs: number }>(`SELECT audit_archive_partition($1) AS runs`, [partition]);
        print(`detached ${partition} (${rows[0].runs} chain runs recorded); dump it, then drop it when the dump is safe`);
      }),
  },
  'audit:verify-archive': {
    help: 'verify a detached audit partition against its recorded runs: audit:verify-archive <table>; exit 0 valid, 3 broken',
    run: (config, [table]) =>
      withPg(config, async (client) => {
        if (!table || !/^audit_events_y[0-9]{4}m[0-9]{2}$/.test(table))
          throw new UsageError('name the archived table, e.g. audit_events_y2020m01');
        printVerification(await verifyArchivedPartition(sqlRunner(client), config.crypto.auditHmacKey, table));
      }),
  },
  'outbox:republish': {
    help: 'hand undispatched events older than N seconds (default 600) to the relay again: outbox:republish [seconds]',
    run: (config, [seconds = '600']) =>
      withPg(config, async (client) => {
        if (!/^\d+$/.test(seconds)) throw new UsageError('seconds must be a whole number');
        const { rowCount } = await client.query(
          `UPDATE outbox SET published_at = NULL
            WHERE dispatched_at IS NULL AND published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)`,
          [Number(seconds)],
        );
        await client.query(`SELECT pg_notify('hms_outbox', '')`);
        print(`${rowCount ?? 0} events will be published again`);
      }),
  },
  'pii:rotate': {
    help: 're-encrypt every patient under the active PII key (--blind-index: re-index), --wait to follow; --status lists rotations',
    run: async (config, args) => {
      process.exitCode = await runPiiRotationCli(config, args, { out: print, err: (line) => process.stderr.write(`${line}\n`) });
    },
  },
  'queues:status': {
    help: 'job counts of every queue',
    run: async (config) => {
      for (const name of ALL_QUEUES) {
        const queue = queueNamed(config, name);
        try {
          print({ queue: name, ...(await queue.getJobCounts()) });
        } finally {
          await queue.close();
        }
      }
    },
  },
  'queues:retry-failed': {
    help: 'retry every failed job of a queue: queues:retry-failed <queue>',
    run: async (config, [name]) => {
      if (!name) throw new UsageError('name the queue');
      const queue = queueNamed(config, name);
      try {
        const failed = await queue.getFailed();
        await Promise.all(failed.map((job) => job.retry()));
        print(`retried ${failed.length} jobs of ${name}`);
      } finally {
        await queue.close();
      }
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: npm run cli -- <command> [args]',
    '',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.help}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `unknown command "${name}"\n\n` : ''}${usage()}\n`);
    process.exit(name ? 2 : 0);
  }
  const config = loadConfig();
  await command.run(config, args);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof UsageError
        ? error.message
        : `${(error as Error).name}: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
