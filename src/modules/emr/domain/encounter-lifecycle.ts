import { InvalidInputError } from '@hms/ddd';
import { EncounterClosedError } from './encounter-closed.error.js';
import { assertEndsAfterStart, assertNotInFuture } from './encounter-period.js';
import type { EncounterState } from './encounter-state.js';
import { type EncounterStatus, type EncounterTransition, isClosed } from './encounter-status.js';
import { EncounterTransitionError } from './encounter-transition.error.js';

/**
 * The FHIR Encounter state machine as this context allows it:
 * planned → in-progress → finished; planned or in-progress → cancelled;
 * any status but entered-in-error → entered-in-error (with a reason).
 */
const ALLOWED: Record<EncounterTransition, { readonly from: readonly EncounterStatus[]; readonly to: EncounterStatus }> = {
  start: { from: ['planned'], to: 'in-progress' },
  finish: { from: ['in-progress'], to: 'finished' },
  cancel: { from: ['planned', 'in-progress'], to: 'cancelled' },
  'mark-entered-in-error': { from: ['planned', 'in-progress', 'finished', 'cancelled'], to: 'entered-in-error' },
};

export interface TransitionRequest {
  readonly transition: EncounterTransition;
  /** When it happened (start, finish); now when left out. */
  readonly at?: Date;
  /** Whether a reason was given (required to mark entered-in-error). */
  readonly reasonGiven: boolean;
}

/** What a transition changes. */
export interface TransitionOutcome {
  readonly status: EncounterStatus;
  readonly periodStart: Date | null;
  readonly periodEnd: Date | null;
}

/** Where a transition leads from a status, or the 409 when it does not apply. */
export function nextStatus(encounterId: string, status: EncounterStatus, transition: EncounterTransition): EncounterStatus {
  const rule = ALLOWED[transition];
  if (!rule.from.includes(status)) throw new EncounterTransitionError(encounterId, status, transition);
  return rule.to;
}

/**
 * Decides a transition: the status rule first (409), then its instant
 * (400: in the future beyond the clock skew, or a finish before the start).
 * Starting sets the period's start, finishing its end; cancelling a started
 * encounter ends its period now.
 */
export function transitionEncounter(state: EncounterState, request: TransitionRequest, now: Date): TransitionOutcome {
  const status = nextStatus(state.id, state.status, request.transition);
  if (request.transition === 'mark-entered-in-error' && !request.reasonGiven) {
    throw new InvalidInputError('The encounter has invalid fields; see errors.', [
      { field: 'reason', message: 'reason is required to mark an encounter entered-in-error' },
    ]);
  }
  if (request.at !== undefined && request.transition !== 'start' && request.transition !== 'finish') {
    throw new InvalidInputError('The encounter has invalid fields; see errors.', [
      { field: 'at', message: 'at is only taken when starting or finishing an encounter' },
    ]);
  }
  const at = request.at ?? now;
  assertNotInFuture('at', at, now);
  switch (request.transition) {
    case 'start':
      return { status, periodStart: at, periodEnd: null };
    case 'finish':
      // A started encounter has a start (the CHECK constraint holds it).
      assertEndsAfterStart('at', state.periodStart!, at);
      return { status, periodStart: state.periodStart, periodEnd: at };
    case 'cancel':
      return { status, periodStart: state.periodStart, periodEnd: state.periodStart ? laterOf(state.periodStart, now) : null };
    case 'mark-entered-in-error':
      return { status, periodStart: state.periodStart, periodEnd: state.periodEnd };
  }
}

/** Details change only while the encounter is open (planned or in progress). */
export function assertOpen(state: Pick<EncounterState, 'id' | 'status'>): void {
  if (isClosed(state.status)) throw new EncounterClosedError(state.id, state.status);
}

/**
 * A new encounter: planned, or already in progress from `periodStart` (now
 * when left out), never in the future beyond the clock skew.
 */
export function initialPeriod(status: 'planned' | 'in-progress', periodStart: Date | undefined, now: Date): Date | null {
  if (status === 'planned') {
    if (periodStart !== undefined) {
      throw new InvalidInputError('The encounter has invalid fields; see errors.', [
        { field: 'periodStart', message: 'periodStart is set when the encounter starts, not on a planned one' },
      ]);
    }
    return null;
  }
  const start = periodStart ?? now;
  assertNotInFuture('periodStart', start, now);
  return start;
}

function laterOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
