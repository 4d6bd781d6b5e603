import { startBaseline } from '../baseline/baseline-process.js';
import { processCpu, type LoadSpec } from '../load/run-loads.js';
import { readProcessStats } from '../samplers/process-stats.js';
import { loadMeasurement, type Measurement, type Scenario } from '../scenario.js';
import { getRequests, patientFixture, settleOutbox } from './patient-fixture.js';

/** The extra, lower concurrency: at 200 connections a p99 under 100 ms would need well over 2,000 req/s (Little's law). */
export const LOW_CONNECTIONS = 32;

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/**
 * Scenario 3: GET /api/v1/patients/:id as a doctor (scope department, with
 * patients:read-sensitive), random ids from the seeded set; every answer
 * decrypts ten fields and records an access event first. At the run's
 * connections and at 32, then the same against the raw node:http baseline
 * (bench/baseline/raw-get-patient.ts) on the same database, in the same run.
 */
export const getPatientScenario: Scenario = {
  name: 'get',
  number: 3,
  title: 'GET /patients/:id as a doctor, against a raw node:http baseline',
  async run(ctx) {
    const fx = await patientFixture(ctx);
    const seeding = fx.takeSeedingMeasurement();
    const requests = getRequests(fx, await fx.doctorToken());
    const high = ctx.options.connections;
    const low = Math.min(LOW_CONNECTIONS, high);
    const spec = (label: string, connections: number): LoadSpec => ({
      label: `${label} × ${connections} connections`,
      requests,
      connections,
      expectedStatuses: [200],
    });
    const notes: string[] = [];
    const settle = async (before: string) => {
      const seconds = await settleOutbox(ctx);
      notes.push(
        `Before ${before}: outbox settled in ${seconds === undefined ? 'more than the time allowed' : `${seconds.toFixed(1)} s`}.`,
      );
    };

    await settle(`GET × ${high}`);
    const [server] = await ctx.runLoads([spec('GET /patients/:id', high)]);
    ctx.log(`  server: ${rate(server.measured.requestsPerSecond)}, p99 ${ms(server.measured.latencyMs.p99)}`);
    await settle(`GET × ${low}`);
    const [serverLow] = await ctx.runLoads([spec('GET /patients/:id', low)]);
    ctx.log(`  server at ${low}: ${rate(serverLow.measured.requestsPerSecond)}, p99 ${ms(serverLow.measured.latencyMs.p99)}`);

    await settle('the baseline');
    const baseline = await startBaseline(ctx);
    let raw;
    let rawLow;
    let exitCode: number | null;
    // The server relays, audits and dispatches the baseline's access events meanwhile: its CPU is part of the picture.
    const pipelinePid = ctx.workerPid ?? ctx.serverPid;
    const serverBefore = readProcessStats(pipelinePid);
    const startedAt = performance.now();
    let serverDuringBaseline: number | undefined;
    try {
      [raw] = await ctx.runLoads([spec('raw node:http baseline', high)], baseline);
      const serverAfter = readProcessStats(pipelinePid);
      if (serverBefore && serverAfter) {
        serverDuringBaseline =
          (100 * (serverAfter.cpuSeconds - serverBefore.cpuSeconds)) / ((performance.now() - startedAt) / 1000);
      }
      ctx.log(`  baseline: ${rate(raw.measured.requestsPerSecond)}, p99 ${ms(raw.measured.latencyMs.p99)}`);
      await settle(`the baseline × ${low}`);
      [rawLow] = await ctx.runLoads([spec('raw node:http baseline', low)], baseline);
    } finally {
      exitCode = await baseline.stop();
    }
    if (exitCode !== 0) notes.push(`The baseline exited with ${exitCode}:\n${baseline.logTail()}`);

    const ratio = server.measured.requestsPerSecond / raw.measured.requestsPerSecond;
    const ratioLow = serverLow.measured.requestsPerSecond / rawLow.measured.requestsPerSecond;
    const measurements: Measurement[] = [
      ...(seeding ? [seeding] : []),
      loadMeasurement(server, { label: 'baseline', requestsPerSecond: raw.measured.requestsPerSecond }),
      loadMeasurement(serverLow, { label: 'baseline', requestsPerSecond: rawLow.measured.requestsPerSecond }),
      loadMeasurement(raw),
      loadMeasurement(rawLow),
    ];
    return {
      measurements,
      targets: [
        {
          target: `≥ 1,500 req/s at ${high} connections`,
          actual: rate(server.measured.requestsPerSecond),
          met: server.measured.requestsPerSecond >= 1_500,
        },
        {
          target: `p99 < 100 ms at ${high} connections`,
          actual: ms(server.measured.latencyMs.p99),
          met: server.measured.latencyMs.p99 < 100,
        },
        { target: `≥ 0.5 of the raw baseline at ${high} connections`, actual: ratio.toFixed(2), met: ratio >= 0.5 },
        {
          target: `(extra) at ${low} connections: ≥ 1,500 req/s, p99 < 100 ms, ≥ 0.5 of the baseline`,
          actual: `${rate(serverLow.measured.requestsPerSecond)}, p99 ${ms(serverLow.measured.latencyMs.p99)}, ${ratioLow.toFixed(2)}`,
          met: serverLow.measured.requestsPerSecond >= 1_500 && serverLow.measured.latencyMs.p99 < 100 && ratioLow >= 0.5,
        },
      ],
      notes: [
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}. PostgreSQL used ` +
          `${server.cpu.postgresPercent.toFixed(0)}% and ${raw.cpu.postgresPercent.toFixed(0)}% of a core, Redis ` +
          `${server.cpu.redisPercent.toFixed(0)}% and ${raw.cpu.redisPercent.toFixed(0)}%.`,
        `While the baseline ran (warm-up included) the ${ctx.workerPid ? 'worker' : 'server'} process used ${serverDuringBaseline?.toFixed(0) ?? '?'}% of a core ` +
          `relaying, auditing and dispatching the baseline's access events: the event pipeline is shared by both measurements.`,
        `Closed loop: at ${high} connections mean latency ≈ ${high} ÷ throughput ` +
          `(${ms((1000 * high) / server.measured.requestsPerSecond)} here), so the p99 target needs the lower concurrency line.`,
        ...notes,
      ],
    };
  },
};
