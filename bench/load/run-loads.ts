import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from '../cleanup.js';
import {
  commandsCpuBetween,
  machineBusyPercent,
  readCommandsCpu,
  readMachineCpu,
  readProcessStats,
} from '../samplers/process-stats.js';
import type {
  AdvancingDates,
  FromGenerator,
  HttpRequestSpec,
  LoadJob,
  RunSummary,
  ToGenerator,
  UniqueValues,
} from './load-protocol.js';

const GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));
/** Command names of the services whose CPU is recorded with each load (every PostgreSQL backend is a `postgres`). */
const SERVICES = ['postgres', 'redis-server'];

/** One HTTP load of a scenario: what is sent, by how many connections, and which answers are the expected outcome. */
export interface LoadSpec {
  readonly label: string;
  /** Each request picks one of these at random; one entry sends the same request throughout. */
  readonly requests: readonly HttpRequestSpec[];
  readonly connections: number;
  /** Statuses that are the scenario's expected outcome; any other status counts as an error. */
  readonly expectedStatuses: readonly number[];
  /** Warm up before measuring (default true); off where a warm-up would spend what is measured, such as a rate-limit budget. */
  readonly warmup?: boolean;
  readonly latencyByStatus?: boolean;
  /** A placeholder replaced by a value unique to each request (e.g. so every registration is a new person). */
  readonly unique?: UniqueValues;
  /** A placeholder replaced by a date that moves on every so many requests (e.g. so each morning is raced for in turn). */
  readonly dates?: AdvancingDates;
}

export interface LoadResult {
  readonly spec: LoadSpec;
  readonly warmup?: RunSummary;
  readonly measured: RunSummary;
  /** Responses whose status is not among the expected ones, in the measured run and in the warm-up. */
  readonly unexpected: number;
  readonly warmupUnexpected: number;
  /** When the measured run started and ended (epoch milliseconds, as the harness saw it). */
  readonly window: { readonly startedAtMs: number; readonly endedAtMs: number };
  /**
   * CPU used during the measured run, in percent of one core: the server process, this load's generator, every
   * PostgreSQL and Redis process; and how busy the whole machine was (percent of all cores).
   */
  readonly cpu: {
    readonly serverPercent: number;
    /** The worker process, when there is one (0 otherwise). */
    readonly workerPercent: number;
    readonly generatorPercent: number;
    readonly postgresPercent: number;
    readonly redisPercent: number;
    readonly machineBusyPercent: number;
  };
}

export interface LoadTarget {
  readonly origin: string;
  readonly serverPid: number;
  readonly workerPid?: number;
  readonly cleanup: Cleanup;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

interface Generator {
  readonly child: ChildProcess;
  readonly next: (kind: FromGenerator['kind']) => Promise<FromGenerator>;
}

function startGenerator(cleanup: Cleanup): Generator {
  const child = fork(GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  cleanup.track(child);
  const inbox: FromGenerator[] = [];
  const waiters: (() => void)[] = [];
  let exit: string | undefined;
  child.on('message', (message: FromGenerator) => {
    inbox.push(message);
    waiters.splice(0).forEach((wake) => wake());
  });
  child.once('exit', (code, signal) => {
    exit = `load generator exited (${signal ?? `code ${code}`}) before it reported`;
    waiters.splice(0).forEach((wake) => wake());
  });
  const next = async (kind: FromGenerator['kind']): Promise<FromGenerator> => {
    for (;;) {
      const index = inbox.findIndex((m) => m.kind === kind || m.kind === 'failed');
      if (index >= 0) {
        const [message] = inbox.splice(index, 1);
        if (message.kind === 'failed') throw new Error(`load generator failed: ${message.message}`);
        return message;
      }
      if (exit) throw new Error(exit);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, next };
}

/** "server 90% of a core, worker 30%, load generator 8%, machine 80% busy": CPU during a load, for the notes. */
export function processCpu(cpu: LoadResult['cpu']): string {
  const worker = cpu.workerPercent > 0 ? `, worker ${cpu.workerPercent.toFixed(0)}%` : '';
  return (
    `server ${cpu.serverPercent.toFixed(0)}% of a core${worker}, load generator ${cpu.generatorPercent.toFixed(0)}%, ` +
    `machine ${cpu.machineBusyPercent.toFixed(0)}% busy`
  );
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs loads at the same time, each from its own child process: all start
 * together, warm up (unless told not to), then measure for the same duration.
 */
export async function runLoads(target: LoadTarget, specs: readonly LoadSpec[]): Promise<LoadResult[]> {
  const generators = specs.map(() => startGenerator(target.cleanup));
  try {
    await Promise.all(generators.map((g) => g.next('ready')));
    const runs = specs.map(async (spec, i) => {
      const { child, next } = generators[i];
      const job: LoadJob = {
        origin: target.origin,
        requests: spec.requests,
        connections: spec.connections,
        warmupSeconds: spec.warmup === false ? 0 : target.warmupSeconds,
        durationSeconds: target.durationSeconds,
        timeoutSeconds: 10,
        latencyByStatus: spec.latencyByStatus ?? false,
        ...(spec.unique ? { unique: spec.unique } : {}),
        ...(spec.dates ? { dates: spec.dates } : {}),
      };
      child.send({ kind: 'run', job } satisfies ToGenerator);
      await next('measuring');
      const serverBefore = readProcessStats(target.serverPid);
      const workerBefore = target.workerPid ? readProcessStats(target.workerPid) : undefined;
      const machineBefore = readMachineCpu();
      const servicesBefore = readCommandsCpu(SERVICES);
      const started = performance.now();
      const startedAtMs = Date.now();
      const done = await next('done');
      const endedAtMs = Date.now();
      const seconds = (performance.now() - started) / 1000;
      const serverAfter = readProcessStats(target.serverPid);
      const workerAfter = target.workerPid ? readProcessStats(target.workerPid) : undefined;
      const machineAfter = readMachineCpu();
      const services = commandsCpuBetween(servicesBefore, readCommandsCpu(SERVICES));
      if (done.kind !== 'done') throw new Error('unexpected message from the load generator');
      const measured = done.measured;
      const expected = new Set(spec.expectedStatuses.map(String));
      const unexpectedIn = (run: RunSummary | undefined) =>
        Object.entries(run?.statuses ?? {})
          .filter(([code]) => !expected.has(code))
          .reduce((sum, [, count]) => sum + count, 0);
      const serverCpu = serverBefore && serverAfter ? serverAfter.cpuSeconds - serverBefore.cpuSeconds : 0;
      const workerCpu = workerBefore && workerAfter ? workerAfter.cpuSeconds - workerBefore.cpuSeconds : 0;
      return {
        spec,
        warmup: done.warmup,
        measured,
        unexpected: unexpectedIn(measured),
        warmupUnexpected: unexpectedIn(done.warmup),
        window: { startedAtMs, endedAtMs },
        cpu: {
          serverPercent: (100 * serverCpu) / seconds,
          workerPercent: (100 * workerCpu) / seconds,
          generatorPercent: (100 * measured.generatorCpuSeconds) / seconds,
          postgresPercent: (100 * (services.postgres ?? 0)) / seconds,
          redisPercent: (100 * (services['redis-server'] ?? 0)) / seconds,
          machineBusyPercent: machineBusyPercent(machineBefore, machineAfter),
        },
      } satisfies LoadResult;
    });
    const deadlineMs = (target.warmupSeconds + target.durationSeconds + 60) * 1000;
    return await withDeadline(Promise.all(runs), deadlineMs, specs.map((s) => s.label).join(' + '));
  } finally {
    for (const { child } of generators) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
