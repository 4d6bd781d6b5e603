import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type Actor, systemActor } from '@hms/ddd';
import type { AppConfig } from '../../../config/app-config.js';
import type { CliOutput } from '../../../infrastructure/cli/cli-command.js';
import { StartPiiRotation } from '../application/commands/start-pii-rotation.command.js';
import type { PiiRotationView } from '../application/pii-rotation-view.js';
import { FindPiiRotations } from '../application/queries/find-pii-rotations.query.js';
import { GetPiiRotation } from '../application/queries/get-pii-rotation.query.js';
import { PiiRotationAlreadyRunningError } from '../domain/pii-rotation-already-running.error.js';
import { parsePiiRotationCliOptions } from './pii-rotation-cli-options.js';
import type { EncryptedTextTable } from '../../../infrastructure/context/context-descriptor.js';
import { PiiRotationCliModule } from './pii-rotation-cli.module.js';

/** Exit codes: 0 started (or COMPLETED with --wait), 1 FAILED (with --wait) or an error, 2 usage or already running. */
const EXIT_FAILED = 1;
const EXIT_REFUSED = 2;
const POLL_INTERVAL_MS = 500;
/** With --wait, say once that nothing moves after this long: no worker may be running. */
const STALL_HINT_AFTER_MS = 30_000;

/** The operator, as rotations record who asked: `cli:<os user>`. */
function operator(): Actor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // A container user without a passwd entry.
    name = process.env.USER ?? 'unknown';
  }
  return systemActor(`cli:${name}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run cli -- pii:rotate [--blind-index] [--wait]` and `pii:rotate --status`.
 * Answers the exit code.
 */
export async function runPiiRotationCli(
  config: AppConfig,
  args: readonly string[],
  io: CliOutput,
  encryptedTexts: readonly EncryptedTextTable[] = [],
): Promise<number> {
  const options = parsePiiRotationCliOptions(args);
  if (typeof options === 'string') {
    io.err(options);
    return EXIT_REFUSED;
  }
  const app = await NestFactory.createApplicationContext(
    PiiRotationCliModule.forRoot({ ...config, role: 'api' }, encryptedTexts),
    {
      logger: ['error', 'warn'],
      abortOnError: false,
    },
  );
  try {
    const queries = app.get(QueryBus);
    if (options.action === 'status') {
      io.out(JSON.stringify(await queries.execute(new FindPiiRotations()), null, 2));
      return 0;
    }
    let started: PiiRotationView;
    try {
      started = await app.get(CommandBus).execute(new StartPiiRotation(options.kind, operator()));
    } catch (error) {
      if (!(error instanceof PiiRotationAlreadyRunningError)) throw error;
      io.err(`refused: ${error.message}`);
      return EXIT_REFUSED;
    }
    const view = await queries.execute(new GetPiiRotation(started.rotationId, true));
    io.out(JSON.stringify(view, null, 2));
    return options.wait ? await follow(queries, view, io) : 0;
  } finally {
    await app.close();
  }
}

/** Polls the rotation and prints its progress until it ends: 0 COMPLETED, 1 FAILED. */
async function follow(queries: QueryBus, started: PiiRotationView, io: CliOutput): Promise<number> {
  const total = started.remainingRows ?? 0;
  let last = -1;
  let lastChange = Date.now();
  let hinted = false;
  for (;;) {
    const view = await queries.execute(new GetPiiRotation(started.rotationId));
    if (view.rowsRewritten !== last || view.status !== 'RUNNING') {
      io.out(`${view.status}: ${view.rowsRewritten} rows rewritten (about ${total} to do when it started)`);
      last = view.rowsRewritten;
      lastChange = Date.now();
    }
    if (view.status === 'COMPLETED') return 0;
    if (view.status === 'FAILED') {
      io.err(`rotation ${view.rotationId} FAILED: ${view.error ?? 'no reason recorded'}`);
      return EXIT_FAILED;
    }
    if (!hinted && Date.now() - lastChange > STALL_HINT_AFTER_MS) {
      io.err('no progress for 30 s: is a worker process (APP_ROLE=worker or all) running with the same keyring?');
      hinted = true;
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
