import { type BaselineKind, type BaselineProcess, startBaseline } from '../baseline/baseline-process.js';
import type { HttpRequestSpec } from '../load/load-protocol.js';
import type { LoadResult, LoadSpec } from '../load/run-loads.js';
import { cpuMsPerRequest, type BenchContext, type LoadTargetProcess, loadMeasurement, type Measurement } from '../scenario.js';
import { LOW_CONNECTIONS } from './get-patient.scenario.js';
import { settleOutbox } from './patient-fixture.js';

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/** The four loads of a scenario measured against its baseline, and their ratios. */
export interface BaselineComparison {
  readonly high: number;
  readonly low: number;
  readonly server: LoadResult;
  readonly serverLow: LoadResult;
  readonly raw: LoadResult;
  readonly rawLow: LoadResult;
  readonly ratio: number;
  readonly ratioLow: number;
  /** What happened around the loads (outbox settling, a baseline that exited badly), for the report. */
  readonly notes: readonly string[];
}

export interface ComparisonPlan {
  /** The server's measurement, e.g. `GET /patients/:id/timeline`. */
  readonly label: string;
  /** What the settling notes call it, e.g. `the timeline`. */
  readonly what: string;
  readonly baseline: BaselineKind;
  readonly requests: readonly HttpRequestSpec[];
  readonly expectedStatuses: readonly number[];
  /** The two concurrencies: the run's connections and 32 (or fewer) unless a scenario needs its own. */
  readonly connections?: { readonly high: number; readonly low: number };
  /** Runs one load (checking what it stored, say); one ctx.runLoads by default. */
  readonly load?: (spec: LoadSpec, target?: LoadTargetProcess) => Promise<LoadResult>;
  /** Checks the baseline once it answers, before its loads (that it serves what the server serves, say). */
  readonly beforeBaselineLoads?: (baseline: BaselineProcess) => Promise<void>;
}

/**
 * The server at the run's connections and at 32 (or the plan's own), then the baseline process
 * the same way, the outbox settled before each of the server's loads and
 * before the baseline's: what the timeline and vitals scenarios share.
 */
export async function compareWithBaseline(ctx: BenchContext, plan: ComparisonPlan): Promise<BaselineComparison> {
  const high = plan.connections?.high ?? ctx.options.connections;
  const low = plan.connections?.low ?? Math.min(LOW_CONNECTIONS, high);
  const notes: string[] = [];
  const spec = (label: string, connections: number): LoadSpec => ({
    label: `${label} × ${connections} connections`,
    requests: plan.requests,
    connections,
    expectedStatuses: plan.expectedStatuses,
  });
  const load = plan.load ?? (async (s: LoadSpec, target?: LoadTargetProcess) => (await ctx.runLoads([s], target))[0]);
  const settle = async (before: string) => {
    const seconds = await settleOutbox(ctx);
    notes.push(
      `Before ${before}: outbox settled in ${seconds === undefined ? 'more than the time allowed' : `${seconds.toFixed(1)} s`}.`,
    );
  };
  const logged = (who: string, result: LoadResult) => {
    ctx.log(`  ${who}: ${rate(result.measured.requestsPerSecond)}, p99 ${ms(result.measured.latencyMs.p99)}`);
    return result;
  };

  await settle(`${plan.what} × ${high}`);
  const server = logged('server', await load(spec(plan.label, high)));
  await settle(`${plan.what} × ${low}`);
  const serverLow = logged(`server at ${low}`, await load(spec(plan.label, low)));

  await settle('the baseline');
  const baseline = await startBaseline(ctx, plan.baseline);
  let raw: LoadResult;
  let rawLow: LoadResult;
  let exitCode: number | null;
  try {
    await plan.beforeBaselineLoads?.(baseline);
    raw = logged('baseline', await load(spec('raw node:http baseline', high), baseline));
    rawLow = logged(`baseline at ${low}`, await load(spec('raw node:http baseline', low), baseline));
  } finally {
    exitCode = await baseline.stop();
  }
  if (exitCode !== 0) notes.push(`The baseline exited with ${exitCode}:\n${baseline.logTail()}`);
  return {
    high,
    low,
    server,
    serverLow,
    raw,
    rawLow,
    ratio: server.measured.requestsPerSecond / raw.measured.requestsPerSecond,
    ratioLow: serverLow.measured.requestsPerSecond / rawLow.measured.requestsPerSecond,
    notes,
  };
}

/** The four lines of the results table: the server's two against the baseline's, and the baseline's own. */
export function comparisonMeasurements(c: BaselineComparison): Measurement[] {
  const versus = (result: LoadResult, baselineRps: number): Measurement => ({
    ...loadMeasurement(result, { label: 'baseline', requestsPerSecond: baselineRps }),
    cpuMsPerRequest: cpuMsPerRequest(result),
  });
  const alone = (result: LoadResult): Measurement => ({ ...loadMeasurement(result), cpuMsPerRequest: cpuMsPerRequest(result) });
  return [
    versus(c.server, c.raw.measured.requestsPerSecond),
    versus(c.serverLow, c.rawLow.measured.requestsPerSecond),
    alone(c.raw),
    alone(c.rawLow),
  ];
}
