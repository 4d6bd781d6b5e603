import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@hms/ddd';
import { assertNewCondition, changeCondition, latestToday } from './condition-rules.js';
import type { ConditionState } from './condition-state.js';

const now = new Date('2026-12-07T10:00:00Z');

const condition = (over: Partial<ConditionState> = {}): ConditionState => ({
  id: '0190a000-0000-7000-8000-000000000001',
  category: 'encounter-diagnosis',
  patientId: 'p',
  encounterId: 'e',
  hospitalId: 'h',
  departmentId: 'd',
  code: 'I21.4',
  clinicalStatus: 'active',
  verificationStatus: 'confirmed',
  primary: true,
  onsetDate: null,
  abatementDate: null,
  recorderId: 'u',
  recordedAt: now,
  lateEntry: false,
  version: 1,
  ...over,
});
const problem = (over: Partial<ConditionState> = {}) =>
  condition({ category: 'problem-list-item', encounterId: null, primary: false, ...over });

function failure(run: () => unknown): { code?: string; fields: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: (error.fields ?? []).map((f) => f.field) };
    throw error;
  }
  return { fields: [] };
}

describe('condition rules', () => {
  it('takes dates up to today anywhere on Earth, not later', () => {
    expect(latestToday(now)).toBe('2026-12-08');
    expect(failure(() => assertNewCondition(problem({ onsetDate: '2026-12-08' }), now)).fields).toEqual([]);
    expect(failure(() => assertNewCondition(problem({ onsetDate: '2026-12-09' }), now)).fields).toEqual(['onsetDate']);
  });

  it('takes an abatement only after the onset and on a condition that has abated (FHIR con-4)', () => {
    const resolved = problem({ clinicalStatus: 'resolved', onsetDate: '2020-01-01' });
    expect(failure(() => assertNewCondition({ ...resolved, abatementDate: '2021-01-01' }, now)).fields).toEqual([]);
    expect(failure(() => assertNewCondition({ ...resolved, abatementDate: '2019-01-01' }, now)).fields).toEqual([
      'abatementDate',
    ]);
    expect(
      failure(() => assertNewCondition(problem({ onsetDate: '2020-01-01', abatementDate: '2021-01-01' }), now)).fields,
    ).toEqual(['abatementDate']);
  });

  it('never makes a refuted diagnosis or one entered in error primary, and drops the flag when one becomes so', () => {
    expect(failure(() => assertNewCondition(condition({ verificationStatus: 'refuted' }), now)).fields).toEqual(['primary']);
    expect(changeCondition(condition(), { verificationStatus: 'refuted' }, now)).toMatchObject({
      primary: false,
      changedFields: ['verificationStatus', 'primary'],
    });
    expect(
      failure(() => changeCondition(condition({ verificationStatus: 'refuted', primary: false }), { primary: true }, now)).fields,
    ).toEqual(['primary']);
  });

  it('treats entered-in-error as final', () => {
    const marked = condition({ verificationStatus: 'entered-in-error', primary: false });
    expect(failure(() => changeCondition(marked, { clinicalStatus: 'resolved' }, now)).code).toBe(
      'EMR.CONDITION_ENTERED_IN_ERROR',
    );
  });

  it('keeps primary to diagnoses and dates to problems, and names only what changed', () => {
    expect(failure(() => changeCondition(problem(), { primary: true }, now)).fields).toEqual(['primary']);
    expect(failure(() => changeCondition(condition(), { onsetDate: '2020-01-01' }, now)).fields).toEqual(['onsetDate']);
    expect(changeCondition(condition(), { clinicalStatus: 'active', primary: true }, now).changedFields).toEqual([]);
    expect(
      changeCondition(problem({ onsetDate: '2020-01-01' }), { clinicalStatus: 'resolved', abatementDate: '2024-05-01' }, now),
    ).toMatchObject({
      clinicalStatus: 'resolved',
      abatementDate: '2024-05-01',
      changedFields: ['clinicalStatus', 'abatementDate'],
    });
    expect(changeCondition(problem(), { noteChanged: true }, now).changedFields).toEqual(['note']);
  });
});
