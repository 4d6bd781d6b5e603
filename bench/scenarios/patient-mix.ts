import type { HttpRequestSpec } from '../load/load-protocol.js';
import type { LoadResult } from '../load/run-loads.js';
import { type BacklogReport, startBacklogSampler } from '../samplers/backlog-sampler.js';
import type { BenchContext, Measurement } from '../scenario.js';
import {
  getRequests,
  patientFixture,
  registerRequests,
  searchRequests,
  settleOutbox,
  uniqueRegistrations,
} from './patient-fixture.js';

/** After the mix, how long the outbox may take to drain before the run gives up waiting. */
const DRAIN_TIMEOUT_MS = 300_000;

export interface MixRun {
  readonly load: LoadResult;
  readonly seeding?: Measurement;
  readonly settledSeconds?: number;
  /** Every backlog reading, from before the warm-up to the end of the drain. */
  readonly backlog: BacklogReport;
  /** Seconds from the end of the measured load until the audit backlog, and then the whole outbox, was empty (undefined: not within the timeout). */
  readonly auditDrainSeconds?: number;
  readonly outboxDrainSeconds?: number;
}

let mix: Promise<MixRun> | undefined;

/** Draws `n` entries from `pool`, cycling. */
const take = <T>(pool: readonly T[], n: number) => Array.from({ length: n }, (_, i) => pool[i % pool.length]);

async function runMix(ctx: BenchContext): Promise<MixRun> {
  const fx = await patientFixture(ctx);
  const seeding = fx.takeSeedingMeasurement();
  const doctor = await fx.doctorToken();
  const receptionist = await fx.receptionistToken();
  // Each request draws uniformly from the pool: 40% get by id, 40% search (the doctor), 20% register (the receptionist).
  const requests: HttpRequestSpec[] = [
    ...take(getRequests(fx, doctor), 4_000),
    ...take(searchRequests(fx, doctor), 4_000),
    ...take(registerRequests(fx, receptionist), 2_000),
  ];
  const settledSeconds = await settleOutbox(ctx);
  const sampler = startBacklogSampler(ctx.db);
  let load: LoadResult;
  try {
    [load] = await ctx.runLoads([
      {
        label: `80% reads (get, search) / 20% registrations × ${ctx.options.connections} connections`,
        requests,
        connections: ctx.options.connections,
        expectedStatuses: [200, 201],
        latencyByStatus: true,
        unique: uniqueRegistrations('zm'),
      },
    ]);
  } catch (error) {
    await sampler.stop().catch(() => undefined);
    throw error;
  }
  // Keep sampling until the backlog is gone: how long the audit store and the handlers take to catch up.
  ctx.log('  mix done; waiting for the outbox to drain');
  let auditDrainSeconds: number | undefined;
  let outboxDrainSeconds: number | undefined;
  const endedAt = load.window.endedAtMs;
  for (;;) {
    const latest = sampler.latest();
    if (latest && latest.atMs > endedAt) {
      auditDrainSeconds ??= latest.unaudited === 0 ? (latest.atMs - endedAt) / 1000 : undefined;
      if (latest.unaudited + latest.unpublished + latest.undispatched === 0) {
        outboxDrainSeconds = (latest.atMs - endedAt) / 1000;
        break;
      }
    }
    if (Date.now() - endedAt > DRAIN_TIMEOUT_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const backlog = await sampler.stop();
  return { load, seeding, settledSeconds, backlog, auditDrainSeconds, outboxDrainSeconds };
}

/** The mix of scenario 6, run once and shared with scenario 7, which reports the audit side of the same run. */
export function patientMix(ctx: BenchContext): Promise<MixRun> {
  mix ??= runMix(ctx);
  return mix;
}
