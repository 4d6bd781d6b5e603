import type { ClinicalStatus, ConditionCategory, VerificationStatus } from '../domain/condition-vocabulary.js';

/** A diagnosis or problem-list entry as the API answers it (FHIR Condition's names). */
export interface ConditionView {
  readonly id: string;
  readonly category: ConditionCategory;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly code: string;
  readonly display: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  /** Diagnoses: the encounter's primary one (rank 1). Problems: always false. */
  readonly primary: boolean;
  readonly onsetDate: string | null;
  readonly abatementDate: string | null;
  readonly recorderId: string;
  readonly recordedAt: Date;
  readonly note: string | null;
  readonly lateEntry: boolean;
  readonly lateEntryReason: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Only in an answer as of an instant: the text members left null because they were rewritten since and no version keeps a text. */
  readonly textsNotKept?: readonly string[];
}

export interface ConditionPage {
  readonly items: readonly ConditionView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}
