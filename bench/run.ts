/**
 * `npm run bench`: starts the server as a separate production-mode process
 * on a fresh `hms_bench` database, runs the selected scenarios against it
 * with autocannon from load-generator child processes, prints the results,
 * appends them to docs/benchmarks.md and writes the raw JSON under
 * bench/results/. Exits 1 when a scenario had errors (unexpected statuses,
 * socket errors, timeouts, or a failure), 2 on a usage error.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ApiClient } from './api-client.js';
import {
  BENCH_DATABASE,
  benchDatabaseUrl,
  clearBenchKeys,
  dropBenchDatabase,
  openRedis,
  QUEUE_PREFIX,
  REDIS_URL,
} from './bench-services.js';
import { Cleanup } from './cleanup.js';
import { summariseProfiles } from './cpu-profile.js';
import { runLoads } from './load/run-loads.js';
import { gitInfo, machineInfo } from './machine.js';
import { type BenchOptions, parseOptions, USAGE, UsageError } from './options.js';
import { appendToDocs, type BenchReport, consoleReport, type ScenarioReport, scenarioErrors, writeJson } from './report.js';
import type { BenchContext, Scenario } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';
import { freePort, generateSecrets, type ServerProcess, startServer, withoutSecrets } from './server-process.js';

/** The repository root (this file runs as dist/bench/bench/run.js). */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ADMIN_EMAIL = 'bench.admin@bench.hms';
/** Re-sign in before the 15-minute access token can expire in the middle of a load. */
const TOKEN_RENEW_MS = 10 * 60_000;
/** Passed through from the harness's environment; everything else the server sees is set here. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'];

const log = (message: string) => process.stderr.write(`${message}\n`);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function bench(
  options: BenchOptions,
  selected: readonly Scenario[],
  cleanup: Cleanup,
  interrupted: () => boolean,
): Promise<number> {
  const startedAt = new Date().toISOString();
  const git = gitInfo(ROOT);
  const workDir = await mkdtemp(join(tmpdir(), 'hms-bench-'));
  let keepWorkDir = true;
  cleanup.defer(async () => {
    if (keepWorkDir) log(`kept ${workDir} (server log, generated files) for a look`);
    else await rm(workDir, { recursive: true, force: true });
  });

  log(`preparing: dropping database ${BENCH_DATABASE}, clearing Redis keys ${QUEUE_PREFIX}:* (${REDIS_URL})`);
  await dropBenchDatabase();
  const redis = openRedis();
  await redis.connect();
  cleanup.defer(async () => void (await redis.quit()));
  await clearBenchKeys(redis);

  const port = await freePort();
  const adminPassword = randomBytes(24).toString('base64url');
  const env: Record<string, string> = {
    ...Object.fromEntries(INHERITED.flatMap((name) => (process.env[name] ? [[name, process.env[name]] as const] : []))),
    // An experiment's settings first, so the harness's own below still hold.
    ...options.serverEnv,
    NODE_ENV: 'production',
    // As docker-compose.yml deploys it: HTTP in one process, the outbox relay and the queues in another.
    APP_ROLE: options.oneProcess ? 'all' : 'api',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: benchDatabaseUrl(),
    REDIS_URL,
    QUEUE_PREFIX,
    // Stored files (import uploads) in the run's own directory, shared by the api and worker processes.
    STORAGE_DIR: join(workDir, 'storage'),
    // The general limit is per client address, and the load generator is one address; the login limit stays at its default.
    RATE_LIMIT_MAX: '10000000',
    // The scheduled chain verification would land in the middle of some measurement.
    AUDIT_VERIFY_INTERVAL_SECONDS: '0',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    ...generateSecrets(),
    ...selected.reduce<Record<string, string>>((merged, s) => ({ ...merged, ...s.serverEnv?.(options) }), {}),
  };

  // Node refuses --cpu-prof in NODE_OPTIONS: it goes on the command line of the server (and of the baseline).
  const nodeArgs = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profiles')}`] : [];
  log('starting the server (it creates and migrates its database)');
  const server = await startServer({ root: ROOT, env, port, workDir, cleanup, nodeArgs });
  log(`server pid ${server.pid} at ${server.origin}, log ${server.logPath}`);
  let worker: ServerProcess | undefined;
  if (!options.oneProcess) {
    // Started after the api process has migrated the database; its port serves only the probes.
    const workerPort = await freePort();
    const workerEnv = { ...env, APP_ROLE: 'worker', PORT: String(workerPort), DB_MIGRATE_ON_START: 'false' };
    worker = await startServer({ root: ROOT, env: workerEnv, port: workerPort, workDir, cleanup, nodeArgs, name: 'worker' });
    log(`worker pid ${worker.pid}, log ${worker.logPath}`);
  }
  const db = new pg.Pool({ connectionString: benchDatabaseUrl(), max: 4 });
  cleanup.defer(() => db.end());
  const machine = await machineInfo(db, redis);
  const api = new ApiClient(server.origin);

  let admin: { token: string; at: number } | undefined;
  const adminToken = async () => {
    if (!admin || Date.now() - admin.at > TOKEN_RENEW_MS) {
      admin = { token: (await api.signIn(ADMIN_EMAIL, adminPassword)).accessToken, at: Date.now() };
    }
    return admin.token;
  };
  // Signed in before any scenario, while this address still has its sign-in budget.
  await adminToken();

  const ctx: BenchContext = {
    options,
    origin: server.origin,
    serverPid: server.pid,
    workerPid: worker?.pid,
    serverEnv: env,
    db,
    api,
    workDir,
    adminToken,
    cleanup,
    nodeArgs,
    runLoads: (specs, target) =>
      runLoads(
        {
          origin: target?.origin ?? server.origin,
          serverPid: target?.pid ?? server.pid,
          workerPid: worker?.pid,
          cleanup,
          warmupSeconds: options.warmupSeconds,
          durationSeconds: options.durationSeconds,
        },
        specs,
      ),
    log,
  };

  const reports: ScenarioReport[] = [];
  for (const scenario of selected) {
    if (interrupted()) break;
    const base = { name: scenario.name, number: scenario.number, title: scenario.title };
    const exited = server.exited() ?? worker?.exited();
    if (exited) {
      reports.push({ ...base, seconds: 0, errors: 1, failure: `not run: the server exited (${exited.signal ?? exited.code})` });
      continue;
    }
    log(`\n[${scenario.number}] ${scenario.name}: ${scenario.title}`);
    const started = performance.now();
    try {
      const outcome = await scenario.run(ctx);
      const seconds = (performance.now() - started) / 1000;
      reports.push({ ...base, seconds, errors: scenarioErrors(outcome, false), outcome });
    } catch (error) {
      log(`  failed: ${describe(error)}`);
      reports.push({ ...base, seconds: (performance.now() - started) / 1000, errors: 1, failure: describe(error) });
    }
  }

  log('\nstopping the server');
  const [exit, workerExit] = await Promise.all([server.stop(), worker?.stop()]);
  // An interrupted run reports nothing: its numbers would be partial.
  if (interrupted()) return 130;
  // A server that does not shut down cleanly (exit 0 on SIGTERM) is a finding too.
  const shutdownErrors = (exit.code === 0 ? 0 : 1) + (workerExit && workerExit.code !== 0 ? 1 : 0);
  const errors = reports.reduce((sum, r) => sum + r.errors, 0) + shutdownErrors;
  // Node writes a profile when its process exits, so they are read once the server has stopped.
  const profiled = new Map([
    [server.pid, options.oneProcess ? 'server' : 'api'],
    ...(worker ? [[worker.pid, 'worker'] as const] : []),
  ]);
  const profiles = options.cpuProf ? await summariseProfiles(join(workDir, 'profiles'), profiled) : undefined;
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    git,
    machine,
    options,
    server: {
      role: options.oneProcess ? 'all' : 'api + worker',
      env: withoutSecrets(Object.fromEntries(Object.entries(env).filter(([name]) => !INHERITED.includes(name)))),
      exit,
      ...(workerExit ? { workerExit } : {}),
    },
    scenarios: reports,
    errors,
    ...(profiles ? { profiles } : {}),
  };
  const jsonPath = await writeJson(ROOT, report);
  const docsPath = await appendToDocs(ROOT, report, jsonPath);
  process.stdout.write(consoleReport(report, jsonPath));
  log(`appended to ${docsPath}`);
  if (shutdownErrors) log(`the server did not shut down cleanly: ${JSON.stringify({ exit, workerExit })}`);
  if (errors > 0) log(`\nlast lines of the server log:\n${server.logTail()}`);
  if (errors > 0 && worker) log(`\nlast lines of the worker log:\n${worker.logTail()}`);
  keepWorkDir = errors > 0 || options.cpuProf;
  if (options.cpuProf) log(`CPU profiles in ${join(workDir, 'profiles')}`);
  return errors > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(
      process.argv.slice(2),
      SCENARIOS.map((s) => s.name),
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  const only = options.only;
  const selected = SCENARIOS.filter((s) => (only ? only.includes(s.name) : options.full || !s.fullOnly));

  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    log(`\n${signal}: stopping the server and the load generators`);
    void cleanup.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await bench(options, selected, cleanup, () => interrupted);
  } catch (error) {
    log(`benchmark failed: ${describe(error)}`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

// Exit explicitly: an idle keep-alive socket must not hold the process open after the report.
process.exit(await main());
