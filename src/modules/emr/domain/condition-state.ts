import type { ClinicalStatus, ConditionCategory, VerificationStatus } from './condition-vocabulary.js';

/** A diagnosis or problem-list entry as its rules see it: ids, codes and dates (its free texts are not the rules' business). */
export interface ConditionState {
  readonly id: string;
  readonly category: ConditionCategory;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly code: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  /** Encounter.diagnosis.rank 1: the encounter's primary diagnosis (diagnoses only). */
  readonly primary: boolean;
  /** Calendar dates, YYYY-MM-DD (problems only). */
  readonly onsetDate: string | null;
  readonly abatementDate: string | null;
  readonly recorderId: string;
  readonly recordedAt: Date;
  readonly lateEntry: boolean;
  readonly version: number;
}
