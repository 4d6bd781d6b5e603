import type {
  AllergyAssertion,
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyKind,
  AllergyType,
  AllergyVerificationStatus,
  ReactionSeverity,
} from '../domain/allergy-vocabulary.js';

export interface AllergyReactionView {
  readonly manifestation: string;
  readonly severity: ReactionSeverity;
}

/** One AllergyIntolerance, as the API answers it. */
export interface AllergyView {
  readonly id: string;
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly recordedBy: string;
  readonly kind: AllergyKind;
  /** The SNOMED CT code of the no-known-allergies assertion; null for a substance given as text. */
  readonly code: { readonly system: string; readonly code: string; readonly display: string } | null;
  readonly substance: string | null;
  readonly substanceCode: string | null;
  readonly type: AllergyType | null;
  readonly category: readonly AllergyCategory[];
  readonly criticality: AllergyCriticality | null;
  readonly reactions: readonly AllergyReactionView[];
  readonly clinicalStatus: AllergyClinicalStatus | null;
  readonly verificationStatus: AllergyVerificationStatus;
  readonly onsetDateTime: Date | null;
  readonly recordedDate: Date;
  readonly version: number;
  readonly updatedAt: Date;
  /** Only in an answer as of an instant: the text members left empty because they were rewritten since and no version keeps a text. */
  readonly textsNotKept?: readonly string[];
}

export interface AllergyListView {
  readonly assertion: AllergyAssertion;
  readonly items: readonly AllergyView[];
}
