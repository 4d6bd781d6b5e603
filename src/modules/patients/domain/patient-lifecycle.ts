import { MergeIntoItselfError } from './merge-into-itself.error.js';
import { MergeTargetMergedError } from './merge-target-merged.error.js';
import { PatientDeceasedError } from './patient-deceased.error.js';
import { PatientMergedError } from './patient-merged.error.js';
import type { DeactivationReason, PatientStatus } from './patient-status.js';

export interface PatientStanding {
  readonly id: string;
  readonly status: PatientStatus;
  readonly mergedIntoId: string | null;
}

/** Details of a merged record are frozen: it only points to the surviving record. */
export function assertNotMerged(patient: PatientStanding): void {
  if (patient.status === 'merged') throw new PatientMergedError(patient.id, patient.mergedIntoId);
}

/**
 * Whether deactivating changes anything: active or inactive may become
 * inactive or deceased; deceased stays deceased. Repeating the current
 * status is a no-op (no event, same version).
 */
export function deactivationChanges(patient: PatientStanding, reason: DeactivationReason): boolean {
  assertNotMerged(patient);
  if (patient.status === reason) return false;
  if (patient.status === 'deceased') throw new PatientDeceasedError(patient.id);
  return true;
}

/** The source becomes a pointer to the target; a merged record can be neither. */
export function assertMergeable(source: PatientStanding, target: PatientStanding): void {
  if (source.id === target.id) throw new MergeIntoItselfError(source.id);
  assertNotMerged(source);
  if (target.status === 'merged') throw new MergeTargetMergedError(target.id, target.mergedIntoId);
}
