import { describe, expect, it } from '@jest/globals';
import type { InvalidInputError } from '@hms/ddd';
import { CLOCK_SKEW_MS } from './encounter-period.js';
import { assertOpen, initialPeriod, nextStatus, transitionEncounter } from './encounter-lifecycle.js';
import type { EncounterState } from './encounter-state.js';
import { ENCOUNTER_STATUSES, ENCOUNTER_TRANSITIONS, type EncounterStatus } from './encounter-status.js';

const now = new Date('2026-12-07T10:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

const encounter = (status: EncounterStatus, periodStart: Date | null = null, periodEnd: Date | null = null): EncounterState => ({
  id: 'e1',
  patientId: 'p1',
  hospitalId: 'h1',
  departmentId: 'd1',
  class: 'AMB',
  status,
  attendingPractitionerId: null,
  careTeamIds: [],
  accountNumber: 'V0000000018',
  periodStart,
  periodEnd,
  version: 1,
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return ((error as InvalidInputError).fields ?? []).map((f) => f.field);
  }
  return [];
}

describe('the encounter state machine', () => {
  it('allows exactly planned → in-progress → finished, cancelling what is open, and entered-in-error from anything else', () => {
    const table = Object.fromEntries(
      ENCOUNTER_STATUSES.map((status) => [
        status,
        ENCOUNTER_TRANSITIONS.filter((t) => codeOf(() => nextStatus('e1', status, t)) === undefined),
      ]),
    );
    expect(table).toEqual({
      planned: ['start', 'cancel', 'mark-entered-in-error'],
      'in-progress': ['finish', 'cancel', 'mark-entered-in-error'],
      finished: ['mark-entered-in-error'],
      cancelled: ['mark-entered-in-error'],
      'entered-in-error': [],
    });
    expect(nextStatus('e1', 'planned', 'start')).toBe('in-progress');
    expect(nextStatus('e1', 'in-progress', 'finish')).toBe('finished');
    expect(nextStatus('e1', 'in-progress', 'cancel')).toBe('cancelled');
    expect(nextStatus('e1', 'finished', 'mark-entered-in-error')).toBe('entered-in-error');
  });

  it('refuses finishing twice and cancelling a finished encounter with EMR.INVALID_STATUS_TRANSITION', () => {
    const finished = encounter('finished', minutes(-30), minutes(-5));
    expect(codeOf(() => transitionEncounter(finished, { transition: 'finish', reasonGiven: false }, now))).toBe(
      'EMR.INVALID_STATUS_TRANSITION',
    );
    expect(codeOf(() => transitionEncounter(finished, { transition: 'cancel', reasonGiven: false }, now))).toBe(
      'EMR.INVALID_STATUS_TRANSITION',
    );
  });

  it('sets the period: start on start (now or a past instant), end on finish', () => {
    expect(transitionEncounter(encounter('planned'), { transition: 'start', reasonGiven: false }, now)).toEqual({
      status: 'in-progress',
      periodStart: now,
      periodEnd: null,
    });
    const started = encounter('in-progress', minutes(-40));
    expect(transitionEncounter(started, { transition: 'finish', at: minutes(-10), reasonGiven: false }, now)).toEqual({
      status: 'finished',
      periodStart: minutes(-40),
      periodEnd: minutes(-10),
    });
    // Cancelling a started encounter closes its period; a planned one has none.
    expect(transitionEncounter(started, { transition: 'cancel', reasonGiven: false }, now).periodEnd).toEqual(now);
    expect(transitionEncounter(encounter('planned'), { transition: 'cancel', reasonGiven: false }, now).periodEnd).toBeNull();
  });

  it('refuses instants beyond the clock skew, a finish before the start, and an instant on a transition that takes none', () => {
    const withinSkew = new Date(now.getTime() + CLOCK_SKEW_MS);
    expect(
      transitionEncounter(encounter('planned'), { transition: 'start', at: withinSkew, reasonGiven: false }, now).periodStart,
    ).toEqual(withinSkew);
    const beyond = new Date(now.getTime() + CLOCK_SKEW_MS + 1);
    expect(
      fieldsOf(() => transitionEncounter(encounter('planned'), { transition: 'start', at: beyond, reasonGiven: false }, now)),
    ).toEqual(['at']);
    const started = encounter('in-progress', minutes(-10));
    expect(
      fieldsOf(() => transitionEncounter(started, { transition: 'finish', at: minutes(-20), reasonGiven: false }, now)),
    ).toEqual(['at']);
    expect(
      fieldsOf(() => transitionEncounter(started, { transition: 'cancel', at: minutes(-1), reasonGiven: false }, now)),
    ).toEqual(['at']);
  });

  it('needs a reason to mark an encounter entered-in-error, and keeps its period', () => {
    const finished = encounter('finished', minutes(-30), minutes(-5));
    expect(
      fieldsOf(() => transitionEncounter(finished, { transition: 'mark-entered-in-error', reasonGiven: false }, now)),
    ).toEqual(['reason']);
    expect(transitionEncounter(finished, { transition: 'mark-entered-in-error', reasonGiven: true }, now)).toEqual({
      status: 'entered-in-error',
      periodStart: minutes(-30),
      periodEnd: minutes(-5),
    });
  });

  it('checks the state before the instant: a second finish is a conflict even with a bad instant', () => {
    const finished = encounter('finished', minutes(-30), minutes(-5));
    expect(codeOf(() => transitionEncounter(finished, { transition: 'finish', at: minutes(60), reasonGiven: false }, now))).toBe(
      'EMR.INVALID_STATUS_TRANSITION',
    );
  });

  it('freezes the details of closed encounters', () => {
    expect(codeOf(() => assertOpen(encounter('planned')))).toBeUndefined();
    expect(codeOf(() => assertOpen(encounter('in-progress', minutes(-1))))).toBeUndefined();
    for (const status of ['finished', 'cancelled', 'entered-in-error'] as const) {
      expect(codeOf(() => assertOpen(encounter(status)))).toBe('EMR.ENCOUNTER_CLOSED');
    }
  });

  it('starts a new encounter planned without a period, or in progress from a past instant or now', () => {
    expect(initialPeriod('planned', undefined, now)).toBeNull();
    expect(fieldsOf(() => initialPeriod('planned', minutes(-5), now))).toEqual(['periodStart']);
    expect(initialPeriod('in-progress', undefined, now)).toEqual(now);
    expect(initialPeriod('in-progress', minutes(-90), now)).toEqual(minutes(-90));
    expect(fieldsOf(() => initialPeriod('in-progress', minutes(10), now))).toEqual(['periodStart']);
  });
});
