import { processCpu } from '../load/run-loads.js';
import { loadMeasurement, type Measurement, type Scenario } from '../scenario.js';
import { patientMix } from './patient-mix.js';

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/**
 * Scenario 6: 80% reads (GET by id and search, as the doctor) and 20%
 * registrations (as the receptionist), drawn at random per request from one
 * pool over the run's connections. Reads answer 200 and registrations 201,
 * so the latency per status tells them apart.
 */
export const patientMixScenario: Scenario = {
  name: 'mix',
  number: 6,
  title: '80% reads / 20% writes',
  async run(ctx) {
    const run = await patientMix(ctx);
    const { load } = run;
    const byStatus = load.measured.latencyByStatus ?? {};
    const measurements: Measurement[] = [...(run.seeding ? [run.seeding] : []), loadMeasurement(load)];
    const line = (status: string, what: string) => {
      const s = byStatus[status];
      return s ? `${what} (${status}): ${s.count.toLocaleString('en-US')}, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}` : `${what}: none`;
    };
    return {
      measurements,
      targets: [{ target: 'p99 < 150 ms', actual: ms(load.measured.latencyMs.p99), met: load.measured.latencyMs.p99 < 150 }],
      notes: [
        `${line('200', 'Reads')}; ${line('201', 'registrations')}.`,
        `Closed loop: with ${ctx.options.connections} connections the mean latency is about connections ÷ throughput ` +
          `(${ms((1000 * ctx.options.connections) / load.measured.requestsPerSecond)} here); a p99 under 150 ms would need ` +
          `well over ${Math.round(ctx.options.connections / 0.15).toLocaleString('en-US')} req/s.`,
        `CPU: ${processCpu(load.cpu)}.`,
        run.settledSeconds === undefined
          ? 'The outbox did not settle before the load.'
          : `Outbox settled in ${run.settledSeconds.toFixed(1)} s before the load.`,
      ],
    };
  },
};
