import { InvalidInputError, type InvalidField } from '@hms/ddd';
import { ConditionEnteredInErrorError } from './condition-errors.js';
import type { ConditionState } from './condition-state.js';
import {
  ABATED_CLINICAL_STATUSES,
  AGGREGATE_OF,
  type ClinicalStatus,
  NOT_COUNTED_AS_PRIMARY,
  type VerificationStatus,
} from './condition-vocabulary.js';
import { CLOCK_SKEW_MS } from './encounter-period.js';

/** The zone furthest ahead of UTC (UTC+14): a date no clinic anywhere has reached yet is in the future. */
const FURTHEST_ZONE_MS = 14 * 3_600_000;

/** The latest calendar date that is today somewhere, with the clock skew: later dates are in the future. */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + CLOCK_SKEW_MS + FURTHEST_ZONE_MS).toISOString().slice(0, 10);
}

const invalid = (fields: InvalidField[]) => new InvalidInputError('The condition has invalid fields; see errors.', fields);

/**
 * A problem's dates (Condition.onset, Condition.abatement): neither in the
 * future, the abatement not before the onset, and an abatement only on a
 * condition that has abated (FHIR con-4: inactive, remission, resolved).
 */
export function dateProblems(
  dates: { readonly onsetDate: string | null; readonly abatementDate: string | null },
  clinicalStatus: ClinicalStatus,
  now: Date,
): InvalidField[] {
  const today = latestToday(now);
  const problems: InvalidField[] = [];
  if (dates.onsetDate !== null && dates.onsetDate > today) {
    problems.push({ field: 'onsetDate', message: 'onsetDate must not be in the future' });
  }
  if (dates.abatementDate !== null) {
    if (dates.abatementDate > today) {
      problems.push({ field: 'abatementDate', message: 'abatementDate must not be in the future' });
    } else if (dates.onsetDate !== null && dates.abatementDate < dates.onsetDate) {
      problems.push({ field: 'abatementDate', message: 'abatementDate must not be before onsetDate' });
    }
    if (!ABATED_CLINICAL_STATUSES.includes(clinicalStatus)) {
      problems.push({
        field: 'abatementDate',
        message: `abatementDate is only taken with clinicalStatus ${ABATED_CLINICAL_STATUSES.join(', ')}`,
      });
    }
  }
  return problems;
}

/** Whether a diagnosis with this verification status may be (or stay) the encounter's primary one. */
export function countsAsPrimary(verificationStatus: VerificationStatus): boolean {
  return !NOT_COUNTED_AS_PRIMARY.includes(verificationStatus);
}

/** A new condition's rules: a primary diagnosis must count as one; a problem's dates must hold. */
export function assertNewCondition(
  condition: Pick<
    ConditionState,
    'category' | 'clinicalStatus' | 'verificationStatus' | 'primary' | 'onsetDate' | 'abatementDate'
  >,
  now: Date,
): void {
  const problems: InvalidField[] = [];
  if (condition.primary && !countsAsPrimary(condition.verificationStatus)) {
    problems.push({ field: 'primary', message: 'a refuted diagnosis or one entered in error cannot be primary' });
  }
  if (condition.category === 'problem-list-item') problems.push(...dateProblems(condition, condition.clinicalStatus, now));
  if (problems.length > 0) throw invalid(problems);
}

export type ConditionField = 'clinicalStatus' | 'verificationStatus' | 'primary' | 'onsetDate' | 'abatementDate' | 'note';

/** What a PATCH asks; undefined keeps, null clears (dates, note). */
export interface ConditionChange {
  readonly clinicalStatus?: ClinicalStatus;
  readonly verificationStatus?: VerificationStatus;
  readonly primary?: boolean;
  readonly onsetDate?: string | null;
  readonly abatementDate?: string | null;
  /** Whether the note changes (its text is not the rules' business). */
  readonly noteChanged?: boolean;
}

export interface ConditionOutcome {
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  readonly primary: boolean;
  readonly onsetDate: string | null;
  readonly abatementDate: string | null;
  readonly changedFields: readonly ConditionField[];
}

/**
 * Decides a change: entered in error is final (409); a diagnosis refuted or
 * entered in error stops being primary, and one cannot be made primary
 * (400); primary and the dates belong to one category each (400); a
 * problem's dates hold after the change (400). Answers the fields after it
 * and those that changed (none: nothing to write).
 */
export function changeCondition(state: ConditionState, change: ConditionChange, now: Date): ConditionOutcome {
  if (state.verificationStatus === 'entered-in-error')
    throw new ConditionEnteredInErrorError(AGGREGATE_OF[state.category], state.id);
  const problems: InvalidField[] = [];
  const diagnosis = state.category === 'encounter-diagnosis';
  if (!diagnosis && change.primary !== undefined) {
    problems.push({ field: 'primary', message: 'primary applies to encounter diagnoses only' });
  }
  if (diagnosis) {
    for (const field of ['onsetDate', 'abatementDate'] as const) {
      if (change[field] !== undefined) problems.push({ field, message: `${field} applies to problem-list entries only` });
    }
  }
  const verificationStatus = change.verificationStatus ?? state.verificationStatus;
  let primary = change.primary ?? state.primary;
  if (!countsAsPrimary(verificationStatus)) {
    if (change.primary === true) {
      problems.push({ field: 'primary', message: 'a refuted diagnosis or one entered in error cannot be primary' });
    }
    primary = false;
  }
  const next = {
    clinicalStatus: change.clinicalStatus ?? state.clinicalStatus,
    verificationStatus,
    primary,
    onsetDate: change.onsetDate !== undefined ? change.onsetDate : state.onsetDate,
    abatementDate: change.abatementDate !== undefined ? change.abatementDate : state.abatementDate,
  };
  if (!diagnosis) problems.push(...dateProblems(next, next.clinicalStatus, now));
  if (problems.length > 0) throw invalid(problems);
  const changedFields: ConditionField[] = (
    ['clinicalStatus', 'verificationStatus', 'primary', 'onsetDate', 'abatementDate'] as const
  ).filter((field) => next[field] !== state[field]);
  if (change.noteChanged) changedFields.push('note');
  return { ...next, changedFields };
}
