/**
 * FHIR R4 Condition's vocabularies, spelled as FHIR does, so a facade maps
 * nothing. Diagnoses and problem-list entries are both Conditions, told
 * apart by their category (http://terminology.hl7.org/CodeSystem/condition-category).
 */
export const CONDITION_CATEGORIES = ['encounter-diagnosis', 'problem-list-item'] as const;
export type ConditionCategory = (typeof CONDITION_CATEGORIES)[number];

/** Condition.clinicalStatus (http://terminology.hl7.org/CodeSystem/condition-clinical): the whole set. */
export const CLINICAL_STATUSES = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] as const;
export type ClinicalStatus = (typeof CLINICAL_STATUSES)[number];

/** The clinical statuses of a condition that has abated (FHIR con-4: an abatement only with one of these). */
export const ABATED_CLINICAL_STATUSES: readonly ClinicalStatus[] = ['inactive', 'remission', 'resolved'];

/**
 * Condition.verificationStatus (http://terminology.hl7.org/CodeSystem/condition-ver-status).
 * `provisional` and `differential` are the children of `unconfirmed`; all
 * three are taken.
 */
export const VERIFICATION_STATUSES = [
  'unconfirmed',
  'provisional',
  'differential',
  'confirmed',
  'refuted',
  'entered-in-error',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** A refuted diagnosis or one entered in error is not the encounter's primary one (the unique index leaves them out). */
export const NOT_COUNTED_AS_PRIMARY: readonly VerificationStatus[] = ['refuted', 'entered-in-error'];

/** The code system of the codes: ICD-10 (a hospital's national edition, loaded from its own file). */
export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';

/** The aggregate type of each category in events and the audit store. */
export const AGGREGATE_OF: Record<ConditionCategory, 'Diagnosis' | 'Problem'> = {
  'encounter-diagnosis': 'Diagnosis',
  'problem-list-item': 'Problem',
};
