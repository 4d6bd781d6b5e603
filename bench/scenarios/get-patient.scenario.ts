import { startBaseline } from '../baseline/baseline-process.js';
import { processCpu, type LoadSpec } from '../load/run-loads.js';
import { readProcessStats } from '../samplers/process-stats.js';
import { cpuMsPerRequest, loadMeasurement, type Measurement, type Scenario } from '../scenario.js';
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
 * (bench/baseline/raw-get-patient.ts) and against the floor
 * (bench/baseline/floor-get-patient.ts) on the same database, in the same run.
 */
export const getPatientScenario: Scenario = {
  name: 'get',
  number: 3,
  title: 'GET /patients/:id as a doctor, against a raw node:http baseline and the floor',
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

    await settle('the floor');
    const floor = await startBaseline(ctx, 'floor');
    let bare;
    let bareLow;
    let floorExit: number | null;
    try {
      [bare] = await ctx.runLoads([spec('floor', high)], floor);
      ctx.log(`  floor: ${rate(bare.measured.requestsPerSecond)}, p99 ${ms(bare.measured.latencyMs.p99)}`);
      [bareLow] = await ctx.runLoads([spec('floor', low)], floor);
    } finally {
      floorExit = await floor.stop();
    }
    if (floorExit !== 0) notes.push(`The floor exited with ${floorExit}:\n${floor.logTail()}`);

    const ratio = server.measured.requestsPerSecond / raw.measured.requestsPerSecond;
    const ratioLow = serverLow.measured.requestsPerSecond / rawLow.measured.requestsPerSecond;
    const floorRatio = server.measured.requestsPerSecond / bare.measured.requestsPerSecond;
    const floorRatioLow = serverLow.measured.requestsPerSecond / bareLow.measured.requestsPerSecond;
    const versus = (result: typeof server, baselineRps: number, floorRps: number): Measurement => ({
      ...loadMeasurement(result, { label: 'baseline', requestsPerSecond: baselineRps }),
      floor: { label: 'floor', ratio: result.measured.requestsPerSecond / floorRps },
      cpuMsPerRequest: cpuMsPerRequest(result),
    });
    const alone = (result: typeof server): Measurement => ({
      ...loadMeasurement(result),
      cpuMsPerRequest: cpuMsPerRequest(result),
    });
    const measurements: Measurement[] = [
      ...(seeding ? [seeding] : []),
      versus(server, raw.measured.requestsPerSecond, bare.measured.requestsPerSecond),
      versus(serverLow, rawLow.measured.requestsPerSecond, bareLow.measured.requestsPerSecond),
      alone(raw),
      alone(rawLow),
      alone(bare),
      alone(bareLow),
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
        { target: `≥ 0.5 of the floor at ${high} connections`, actual: floorRatio.toFixed(2), met: floorRatio >= 0.5 },
        {
          target: `p99 < 100 ms at ${low} connections`,
          actual: ms(serverLow.measured.latencyMs.p99),
          met: serverLow.measured.latencyMs.p99 < 100,
        },
        {
          target: `(extra) at ${low} connections: ≥ 1,500 req/s, ≥ 0.5 of the baseline, ≥ 0.5 of the floor`,
          actual: `${rate(serverLow.measured.requestsPerSecond)}, ${ratioLow.toFixed(2)}, ${floorRatioLow.toFixed(2)}`,
          met: serverLow.measured.requestsPerSecond >= 1_500 && ratioLow >= 0.5 && floorRatioLow >= 0.5,
        },
      ],
      notes: [
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}; ` +
          `floor run: ${processCpu(bare.cpu).replace('server', 'floor')}. PostgreSQL used ` +
          `${server.cpu.postgresPercent.toFixed(0)}%, ${raw.cpu.postgresPercent.toFixed(0)}% and ${bare.cpu.postgresPercent.toFixed(0)}% of a core, Redis ` +
          `${server.cpu.redisPercent.toFixed(0)}%, ${raw.cpu.redisPercent.toFixed(0)}% and ${bare.cpu.redisPercent.toFixed(0)}%.`,
        `CPU ms/req: the measured process (the api process for the server, whose worker's share is not in it) and every PostgreSQL ` +
          `backend, CPU seconds over the measured window ÷ requests; PostgreSQL's includes the other work it did meanwhile (the outbox relay).`,
        `The floor (issue 16): node:http and pg only; HS256 checked by hand (alg, kid, signature, exp), one SELECT of the row by id, ` +
          `AES-256-GCM decryption with the patient codec, one autocommitted INSERT into bench_floor_access, JSON with an ETag. ` +
          `No session or user state, no CASL, no care links, no outbox, no audit chain.`,
        `While the baseline ran (warm-up included) the ${ctx.workerPid ? 'worker' : 'server'} process used ${serverDuringBaseline?.toFixed(0) ?? '?'}% of a core ` +
          `relaying, auditing and dispatching the baseline's access events: the event pipeline is shared by both measurements.`,
        `Closed loop: at ${high} connections mean latency ≈ ${high} ÷ throughput ` +
          `(${ms((1000 * high) / server.measured.requestsPerSecond)} here), so the p99 target needs the lower concurrency line.`,
        ...notes,
      ],
    };
  },
};
