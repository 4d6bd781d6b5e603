import type pg from 'pg';
import type { ApiClient } from './api-client.js';
import type { Cleanup } from './cleanup.js';
import type { LoadResult, LoadSpec } from './load/run-loads.js';
import type { BenchOptions } from './options.js';
import type { BacklogReport } from './samplers/backlog-sampler.js';
import type { RssReport } from './samplers/process-stats.js';

/** What a scenario gets to work with: the running server, its database, the API, and the load runner. */
export interface BenchContext {
  readonly options: BenchOptions;
  /** `http://127.0.0.1:<port>` of the server under test. */
  readonly origin: string;
  readonly serverPid: number;
  /** The worker process (outbox relay, queues), when the server runs as api + worker. */
  readonly workerPid: number | undefined;
  /** The server's environment (secrets included), for limits a scenario reports against. */
  readonly serverEnv: Readonly<Record<string, string>>;
  /** A pool on the bench database, for samplers, checks and baselines; never for the measured work itself. */
  readonly db: pg.Pool;
  readonly api: ApiClient;
  /** A temporary directory of this run, removed at the end. */
  readonly workDir: string;
  /** An administrator's access token, signed in once and renewed before it expires. */
  adminToken(): Promise<string>;
  /**
   * Runs loads together, each from its own load-generator process, for the run's warm-up and duration;
   * against the server under test, or another process (a baseline) given as `target`.
   */
  runLoads(specs: readonly LoadSpec[], target?: LoadTargetProcess): Promise<LoadResult[]>;
  /** The run's Cleanup, for processes a scenario starts (a baseline server). */
  readonly cleanup: Cleanup;
  /** Options the server's node was started with (profiling); a baseline process gets the same. */
  readonly nodeArgs: readonly string[];
  log(message: string): void;
}

/** A process other than the server that a load can be aimed at (its CPU is sampled instead of the server's). */
export interface LoadTargetProcess {
  readonly origin: string;
  readonly pid: number;
}

/** One line of the results table. */
export interface Measurement {
  readonly label: string;
  /** Absent for a timing that is not a rate (e.g. statement execution times). */
  readonly rate?: { readonly value: number; readonly unit: 'req/s' | 'rows/s' | 'events/s' };
  readonly latencyMs?: { readonly p50: number; readonly p90: number; readonly p99: number };
  /** Count per status code; every status is reported, expected or not. */
  readonly statuses?: Readonly<Record<string, number>>;
  readonly expectedStatuses?: readonly number[];
  /** Answers outside the expected statuses, socket errors and timeouts (in the warm-up too): any of them fails the run. */
  readonly errors: {
    readonly unexpected: number;
    readonly socket: number;
    readonly timeouts: number;
    readonly inWarmup?: number;
  };
  /** This rate as a share of a baseline's, measured in the same run. */
  readonly baseline?: { readonly label: string; readonly ratio: number };
  /** This rate as a share of the floor's (the least the same answer could cost), measured in the same run. */
  readonly floor?: { readonly label: string; readonly ratio: number };
  /** CPU milliseconds per request over the measurement window: the measured process and all PostgreSQL backends. */
  readonly cpuMsPerRequest?: { readonly process: number; readonly postgres: number };
  /** Anything else worth keeping in the JSON (per-status latency, CPU shares, counts). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface TargetCheck {
  readonly target: string;
  readonly actual: string;
  readonly met: boolean;
}

export interface ScenarioOutcome {
  readonly measurements: readonly Measurement[];
  readonly targets: readonly TargetCheck[];
  /** Sentences for the report: what the numbers mean, per-stage timings, memory. */
  readonly notes: readonly string[];
  readonly backlog?: BacklogReport;
  readonly memory?: RssReport;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * A benchmark scenario. Scenarios are listed in scenarios/index.ts and run in
 * that order; each is one small module saying what it sets up, what it
 * sends, which answers it expects, and which targets it checks.
 */
export interface Scenario {
  /** Name for --only. */
  readonly name: string;
  /** Its number in the benchmark issue (#7). */
  readonly number: number;
  readonly title: string;
  /** Long: a run without --only includes it only with --full. */
  readonly fullOnly?: boolean;
  /** Server settings it needs; every selected scenario's are merged into the one server start. */
  serverEnv?(options: BenchOptions): Readonly<Record<string, string>>;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}

/** The results-table line of an HTTP load. */
export function loadMeasurement(result: LoadResult, baseline?: { label: string; requestsPerSecond: number }): Measurement {
  const { measured, spec } = result;
  return {
    label: spec.label,
    rate: { value: measured.requestsPerSecond, unit: 'req/s' },
    latencyMs: { p50: measured.latencyMs.p50, p90: measured.latencyMs.p90, p99: measured.latencyMs.p99 },
    statuses: measured.statuses,
    expectedStatuses: spec.expectedStatuses,
    errors: {
      unexpected: result.unexpected,
      socket: measured.errors - measured.timeouts,
      timeouts: measured.timeouts,
      ...(result.warmup ? { inWarmup: result.warmupUnexpected + result.warmup.errors } : {}),
    },
    ...(baseline ? { baseline: { label: baseline.label, ratio: measured.requestsPerSecond / baseline.requestsPerSecond } } : {}),
    detail: {
      connections: spec.connections,
      requests: measured.requests,
      durationSeconds: measured.durationSeconds,
      latencyMaxMs: measured.latencyMs.max,
      latencyMeanMs: measured.latencyMs.mean,
      cpu: result.cpu,
      ...(measured.latencyByStatus ? { latencyByStatus: measured.latencyByStatus } : {}),
      ...(result.warmup ? { warmup: { requests: result.warmup.requests, statuses: result.warmup.statuses } } : {}),
    },
  };
}

/**
 * CPU ms per request of a load that ran alone: CPU seconds over the window ÷
 * requests, i.e. percent of a core × 10 ÷ req/s (the window's seconds cancel).
 */
export function cpuMsPerRequest(result: LoadResult): { process: number; postgres: number } {
  const perRequest = (percent: number) => (10 * percent) / result.measured.requestsPerSecond;
  return { process: perRequest(result.cpu.serverPercent), postgres: perRequest(result.cpu.postgresPercent) };
}

export function errorCount(m: Measurement): number {
  return m.errors.unexpected + m.errors.socket + m.errors.timeouts + (m.errors.inWarmup ?? 0);
}
