import type { BacklogSample } from '../samplers/backlog-sampler.js';
import type { Scenario } from '../scenario.js';
import { CAPACITY_EVENTS, measureAuditCapacity } from './audit-capacity.js';
import { patientFixture, settleOutbox } from './patient-fixture.js';
import { patientMix } from './patient-mix.js';

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} events/s`;

/** The reading closest to an instant. */
function nearest(samples: readonly BacklogSample[], atMs: number): BacklogSample {
  return samples.reduce((best, s) => (Math.abs(s.atMs - atMs) < Math.abs(best.atMs - atMs) ? s : best));
}

/**
 * Scenario 7: the audit side of scenario 6's run (the same run; it runs the
 * mix itself when selected alone). Entries appended to the audit store per
 * second during the measured mix, against events recorded in the outbox per
 * second; the outbox backlog over time; and, after the mix, how long the
 * backlog took to return to zero. Then, as an extra line, the audit path's
 * capacity on a backlog made at once (audit-capacity.ts), which the mix
 * cannot show: the audit store can only append what the requests record.
 */
export const auditDuringMixScenario: Scenario = {
  name: 'audit',
  number: 7,
  title: 'Audit throughput and outbox backlog during the mix',
  async run(ctx) {
    const run = await patientMix(ctx);
    const { backlog, load } = run;
    const { startedAtMs, endedAtMs } = load.window;
    const from = nearest(backlog.samples, startedAtMs);
    const to = nearest(backlog.samples, endedAtMs);
    const seconds = (to.atMs - from.atMs) / 1000;
    const appended = (to.auditSequence - from.auditSequence) / seconds;
    const recorded = (to.outboxSequence - from.outboxSequence) / seconds;
    const during = backlog.samples.filter((s) => s.atMs >= startedAtMs && s.atMs <= endedAtMs);
    const maxDuring = Math.max(0, ...during.map((s) => s.unaudited));
    const drain = (s: number | undefined) => (s === undefined ? 'not within the time allowed' : `${s.toFixed(1)} s`);
    const noErrors = { unexpected: 0, socket: 0, timeouts: 0 };

    ctx.log(`  audit capacity: ${CAPACITY_EVENTS.toLocaleString('en-US')} access events recorded at once`);
    const settled = await settleOutbox(ctx);
    const capacity = await measureAuditCapacity(ctx, await patientFixture(ctx));
    const capacityRate = capacity.auditSeconds ? capacity.events / capacity.auditSeconds : 0;
    const handledRate = capacity.outboxSeconds ? capacity.events / capacity.outboxSeconds : 0;
    return {
      measurements: [
        {
          label: 'Audit entries appended during the measured mix',
          rate: { value: appended, unit: 'events/s' },
          errors: noErrors,
          detail: { seconds, peakPerSecond: Math.max(0, ...during.map((s) => s.auditPerSecond)) },
        },
        {
          label: 'Events recorded in the outbox during the measured mix',
          rate: { value: recorded, unit: 'events/s' },
          errors: noErrors,
          detail: { seconds, peakPerSecond: Math.max(0, ...during.map((s) => s.outboxPerSecond)) },
        },
        {
          label: `Audit capacity: ${capacity.events.toLocaleString('en-US')} access events committed at once, until all audited`,
          rate: { value: capacityRate, unit: 'events/s' },
          errors: noErrors,
          detail: {
            events: capacity.events,
            auditSeconds: capacity.auditSeconds,
            outboxSeconds: capacity.outboxSeconds,
            settledBeforeSeconds: settled,
            peakAuditPerSecond: capacity.backlog.auditPerSecondPeak,
            samples: capacity.backlog.samples,
          },
        },
        {
          label: `The same events through the relay and every event handler (whole outbox empty)`,
          rate: { value: handledRate, unit: 'events/s' },
          errors: noErrors,
          detail: { outboxSeconds: capacity.outboxSeconds },
        },
      ],
      targets: [
        { target: '≥ 5,000 audit events/s during the mix', actual: perSecond(appended), met: appended >= 5_000 },
        {
          target: 'the outbox backlog returns to zero after the mix',
          actual: `audit backlog empty after ${drain(run.auditDrainSeconds)}, whole outbox after ${drain(run.outboxDrainSeconds)}`,
          met: run.auditDrainSeconds !== undefined,
        },
        {
          target: '(extra) audit capacity on a backlog ≥ 5,000 events/s',
          actual: capacity.auditSeconds === undefined ? 'not drained in time' : perSecond(capacityRate),
          met: capacityRate >= 5_000,
        },
      ],
      notes: [
        `During the mix the outbox received ${perSecond(recorded)} and the audit store appended ${perSecond(appended)}: ` +
          `the audit rate cannot exceed the rate events are made, so it reflects the load as much as the audit writer.`,
        `Backlog during the mix: at most ${maxDuring.toLocaleString('en-US')} events not yet audited; over the whole sampling ` +
          `${backlog.maxUnpublished.toLocaleString('en-US')} unpublished, ${backlog.maxUndispatched.toLocaleString('en-US')} not yet dispatched to handlers.`,
        `After the mix: audit backlog empty after ${drain(run.auditDrainSeconds)}; relay, audit and handlers all done after ${drain(run.outboxDrainSeconds)}.`,
        `Capacity: ${capacity.events.toLocaleString('en-US')} access events committed at once were all in the audit store after ` +
          `${drain(capacity.auditSeconds)} (${perSecond(capacityRate)}; best quarter-second ${perSecond(capacity.backlog.auditPerSecondPeak)}), ` +
          `and through the relay and the event handlers after ${drain(capacity.outboxSeconds)} (${perSecond(handledRate)}).`,
      ],
      backlog,
    };
  },
};
