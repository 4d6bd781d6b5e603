import { describe, expect, it } from '@jest/globals';
import { assertMergeable, assertNotMerged, deactivationChanges } from './patient-lifecycle.js';
import type { PatientStatus } from './patient-status.js';

const patient = (id: string, status: PatientStatus, mergedIntoId: string | null = null) => ({ id, status, mergedIntoId });

/** The code of the domain error a call throws, or undefined when it throws none. */
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('patient lifecycle', () => {
  it('freezes merged records', () => {
    expect(codeOf(() => assertNotMerged(patient('a', 'active')))).toBeUndefined();
    expect(codeOf(() => assertNotMerged(patient('a', 'merged', 'b')))).toBe('PATIENT.MERGED');
  });

  it('deactivates active and inactive records, repeats are no-ops, deceased stays deceased', () => {
    expect(deactivationChanges(patient('a', 'active'), 'inactive')).toBe(true);
    expect(deactivationChanges(patient('a', 'active'), 'deceased')).toBe(true);
    expect(deactivationChanges(patient('a', 'inactive'), 'deceased')).toBe(true);
    expect(deactivationChanges(patient('a', 'inactive'), 'inactive')).toBe(false);
    expect(deactivationChanges(patient('a', 'deceased'), 'deceased')).toBe(false);
    expect(codeOf(() => deactivationChanges(patient('a', 'deceased'), 'inactive'))).toBe('PATIENT.DECEASED');
    expect(codeOf(() => deactivationChanges(patient('a', 'merged', 'b'), 'inactive'))).toBe('PATIENT.MERGED');
  });

  it('merges only unmerged records into another unmerged record', () => {
    expect(codeOf(() => assertMergeable(patient('a', 'deceased'), patient('b', 'inactive')))).toBeUndefined();
    expect(codeOf(() => assertMergeable(patient('a', 'active'), patient('a', 'active')))).toBe('PATIENT.MERGE_INTO_ITSELF');
    expect(codeOf(() => assertMergeable(patient('a', 'merged', 'c'), patient('b', 'active')))).toBe('PATIENT.MERGED');
    expect(codeOf(() => assertMergeable(patient('a', 'active'), patient('b', 'merged', 'c')))).toBe(
      'PATIENT.MERGE_TARGET_MERGED',
    );
  });
});
