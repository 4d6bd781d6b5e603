/** FHIR R4 AllergyIntolerance vocabularies, as the API accepts and answers them (ADR 33). */
export const ALLERGY_TYPES = ['allergy', 'intolerance'] as const;
export type AllergyType = (typeof ALLERGY_TYPES)[number];

export const ALLERGY_CATEGORIES = ['food', 'medication', 'environment', 'biologic'] as const;
export type AllergyCategory = (typeof ALLERGY_CATEGORIES)[number];

export const ALLERGY_CRITICALITIES = ['low', 'high', 'unable-to-assess'] as const;
export type AllergyCriticality = (typeof ALLERGY_CRITICALITIES)[number];

export const REACTION_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type ReactionSeverity = (typeof REACTION_SEVERITIES)[number];

/** http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical */
export const ALLERGY_CLINICAL_STATUSES = ['active', 'inactive', 'resolved'] as const;
export type AllergyClinicalStatus = (typeof ALLERGY_CLINICAL_STATUSES)[number];

/** http://terminology.hl7.org/CodeSystem/allergyintolerance-verification */
export const ALLERGY_VERIFICATION_STATUSES = ['unconfirmed', 'confirmed', 'refuted', 'entered-in-error'] as const;
export type AllergyVerificationStatus = (typeof ALLERGY_VERIFICATION_STATUSES)[number];

/** `substance`: an allergy or intolerance to something; `no-known-allergies`: the explicit assertion that there is none. */
export type AllergyKind = 'substance' | 'no-known-allergies';

/** AllergyIntolerance.code of the assertion: SNOMED CT 716186003 "No known allergy". */
export const NO_KNOWN_ALLERGY_CODE = {
  system: 'http://snomed.info/sct',
  code: '716186003',
  display: 'No known allergy',
} as const;

/**
 * What a patient's allergy list says as a whole: active allergies on record;
 * an active "no known allergies" assertion; records, none active (all
 * resolved, inactive, refuted or entered in error); or nothing recorded at
 * all, which is "not asked" and never to be read as "none".
 */
export const ALLERGY_ASSERTIONS = ['has-allergies', 'no-known-allergies', 'none-active', 'not-asked'] as const;
export type AllergyAssertion = (typeof ALLERGY_ASSERTIONS)[number];
