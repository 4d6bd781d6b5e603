import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Bull from 'bull';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/env-parsers.js';
import { loadConfigForProcess } from './config/process-config.js';
import { CONTEXTS } from './contexts.js';
import { contextCatalogue } from './infrastructure/context/context-catalogue.js';
import { statusForCodeOf } from './error-status.js';
import { renderPermissionsDoc } from './permissions-doc.js';
import type { CliCommand, CliOutput } from './infrastructure/cli/cli-command.js';
import { UsageError } from './infrastructure/cli/usage-error.js';
import { withPgClient } from './infrastructure/cli/with-pg-client.js';
import { ensureDatabase } from './infrastructure/database/ensure-database.js';
import { registerMigration, scaffoldMigration } from './infrastructure/database/migration-scaffold.js';
import { pendingMigrations, revertLastMigration, runMigrations } from './infrastructure/database/migrate.js';
import { configureHttpApp } from './infrastructure/http/configure-http-app.js';
import { buildOpenApiDocument } from './infrastructure/http/openapi.js';
import { allQueueNames } from './infrastructure/queue/queue-names.js';
import { buildQueueOptions } from './infrastructure/queue/queue-options.js';

const io: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

const QUEUES = allQueueNames(CONTEXTS);

function queueNamed(config: AppConfig, name: string): Bull.Queue {
  if (!QUEUES.includes(name)) throw new UsageError(`unknown queue "${name}"; queues: ${QUEUES.join(', ')}`);
  return new Bull(name, buildQueueOptions(config));
}

/** The platform's commands; each context adds its own through its descriptor. */
const PLATFORM_COMMANDS: Record<string, CliCommand> = {
  'db:create': {
    help: 'create the database named in DATABASE_URL if it does not exist',
    run: async (config) => {
      io.out((await ensureDatabase(config.database.url)) ? 'database created' : 'database already exists');
      return 0;
    },
  },
  'migrations:run': {
    help: 'apply pending migrations, then reconcile the role matrix with the context descriptors',
    run: async (config) => {
      const applied = await runMigrations(config, CONTEXTS);
      io.out(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
      return 0;
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
      io.out(`wrote migrations/${migration.fileName} and registered ${migration.className}; write its SQL`);
      return Promise.resolve(0);
    },
  },
  'migrations:revert': {
    help: 'revert the most recent migration',
    run: async (config) => {
      await revertLastMigration(config);
      io.out('reverted the last migration');
      return 0;
    },
  },
  'migrations:show': {
    help: 'exit 0 when the schema is current, 2 when migrations are pending',
    run: async (config) => {
      const pending = await pendingMigrations(config);
      io.out(pending ? 'migrations are pending' : 'schema is up to date');
      return pending ? 2 : 0;
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
      configureHttpApp(app, config, statusForCodeOf(CONTEXTS));
      const document = buildOpenApiDocument(app, CONTEXTS);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${json(document)}\n`);
      io.out(`wrote ${file} (${Object.keys(document.paths).length} paths)`);
      return 0;
    },
  },
  'docs:permissions': {
    help: 'write docs/permissions.md from the context descriptors and the built-in roles',
    run: () => {
      writeFileSync('docs/permissions.md', renderPermissionsDoc());
      io.out('wrote docs/permissions.md');
      return Promise.resolve(0);
    },
  },
  'outbox:status': {
    help: 'backlog, oldest unpublished event, undispatched and unaudited events, recent errors',
    run: (config) =>
      withPgClient(config, async (client) => {
        const { rows } = await client.query(
          `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
                  min(created_at) FILTER (WHERE published_at IS NULL) AS oldest_unpublished,
                  count(*) FILTER (WHERE published_at IS NOT NULL AND dispatched_at IS NULL)::int AS undispatched,
                  count(*) FILTER (WHERE last_error IS NOT NULL AND dispatched_at IS NULL)::int AS failing,
                  count(*) FILTER (WHERE audited_at IS NULL)::int AS unaudited
             FROM outbox`,
        );
        io.out(json(rows[0]));
        return 0;
      }),
  },
  'outbox:republish': {
    help: 'hand undispatched events older than N seconds (default 600) to the relay again: outbox:republish [seconds]',
    run: (config, [seconds = '600']) => {
      if (!/^\d+$/.test(seconds)) throw new UsageError('seconds must be a whole number');
      return withPgClient(config, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE outbox SET published_at = NULL
            WHERE dispatched_at IS NULL AND published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)`,
          [Number(seconds)],
        );
        await client.query(`SELECT pg_notify('hms_outbox', '')`);
        io.out(`${rowCount ?? 0} events will be published again`);
        return 0;
      });
    },
  },
  'queues:status': {
    help: 'job counts of every queue',
    run: async (config) => {
      for (const name of QUEUES) {
        const queue = queueNamed(config, name);
        try {
          io.out(json({ queue: name, ...(await queue.getJobCounts()) }));
        } finally {
          await queue.close();
        }
      }
      return 0;
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
        io.out(`retried ${failed.length} jobs of ${name}`);
      } finally {
        await queue.close();
      }
      return 0;
    },
  },
};

/** The platform's commands and every context's; a context may not take a platform command's name. */
function allCommands(): Record<string, CliCommand> {
  const commands = { ...PLATFORM_COMMANDS };
  for (const context of CONTEXTS) {
    for (const [name, command] of Object.entries(context.cliCommands)) {
      if (name in commands) throw new Error(`the ${context.name} context declares the CLI command ${name}, which is taken`);
      commands[name] = command;
    }
  }
  return commands;
}

function usage(commands: Record<string, CliCommand>): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: npm run cli -- <command> [args]',
    '',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.help}`),
  ].join('\n');
}

async function main(): Promise<number> {
  const commands = allCommands();
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(`${name ? `unknown command "${name}"\n\n` : ''}${usage(commands)}`);
    return name ? 2 : 0;
  }
  // Notices go to stderr: some commands print JSON on stdout.
  return command.run(loadConfigForProcess(process.env, { notice: (line) => io.err(line) }), args, io, contextCatalogue(CONTEXTS));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof UsageError
        ? error.message
        : `${(error as Error).name}: ${(error as Error).message}`;
    io.err(message);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
