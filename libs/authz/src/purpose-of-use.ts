/** The HL7 v3 code system of PurposeOfUse codes, as FHIR names it (AuditEvent.purposeOfEvent, Consent). */
export const PURPOSE_OF_USE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/**
 * The codes of the HL7 v3 PurposeOfUse value set a hospital's staff read records for, with
 * HL7's display names. Codes are written exactly as HL7 writes them.
 */
export const PURPOSES_OF_USE = {
  TREAT: 'treatment',
  ETREAT: 'Emergency Treatment',
  BTG: 'break the glass',
  COC: 'coordination of care',
  CAREMGT: 'care management',
  CLINTRL: 'clinical trial',
  POPHLTH: 'population health',
  HPAYMT: 'healthcare payment',
  HOPERAT: 'healthcare operations',
  PATADMIN: 'patient administration',
  PATSFTY: 'patient safety',
  HQUALIMP: 'health quality improvement',
  RECORDMGT: 'records management',
  HCOMPL: 'health compliance',
  HLEGAL: 'legal',
  TRAIN: 'training',
  HRESCH: 'healthcare research',
  CLINTRCH: 'clinical trial research',
  PATRQT: 'patient requested',
  FAMRQT: 'family requested',
  PWATRNY: 'power of attorney',
  PUBHLTH: 'public health',
  DONAT: 'donation',
} as const;

export type PurposeOfUse = keyof typeof PURPOSES_OF_USE;

export const PURPOSE_OF_USE_CODES = Object.keys(PURPOSES_OF_USE) as PurposeOfUse[];

/** What a client means when it declares nothing. */
export const DEFAULT_PURPOSE_OF_USE: PurposeOfUse = 'TREAT';

/**
 * Lower-case synonyms: what clients sent before HMS took HL7 codes (and what older audit entries
 * hold), each standing for one code.
 */
export const PURPOSE_OF_USE_ALIASES: Readonly<Record<string, PurposeOfUse>> = {
  treatment: 'TREAT',
  emergency: 'ETREAT',
  'emergency-treatment': 'ETREAT',
  'break-the-glass': 'BTG',
  'care-coordination': 'COC',
  'care-management': 'CAREMGT',
  'care-planning': 'CAREMGT',
  billing: 'HPAYMT',
  payment: 'HPAYMT',
  operations: 'HOPERAT',
  registration: 'PATADMIN',
  'patient-safety': 'PATSFTY',
  'quality-improvement': 'HQUALIMP',
  legal: 'HLEGAL',
  training: 'TRAIN',
  research: 'HRESCH',
  'patient-request': 'PATRQT',
  'public-health': 'PUBHLTH',
};

/** Every value a client may send: the codes, then their aliases. */
export const PURPOSE_OF_USE_VALUES: readonly string[] = [...PURPOSE_OF_USE_CODES, ...Object.keys(PURPOSE_OF_USE_ALIASES)];

/** The code `value` names, exactly as written (`TREAT`) or by an alias (`treatment`); undefined for anything else. */
export function toPurposeOfUse(value: string): PurposeOfUse | undefined {
  // Own keys only: `constructor` or `__proto__` must not resolve through the prototype.
  if (Object.hasOwn(PURPOSES_OF_USE, value)) return value as PurposeOfUse;
  return Object.hasOwn(PURPOSE_OF_USE_ALIASES, value) ? PURPOSE_OF_USE_ALIASES[value] : undefined;
}
