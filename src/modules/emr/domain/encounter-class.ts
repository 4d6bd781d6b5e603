/**
 * Encounter.class as FHIR R4 writes it: a code of HL7 v3 ActCode
 * (http://terminology.hl7.org/CodeSystem/v3-ActCode). The API accepts and
 * answers the codes themselves, so a FHIR facade maps nothing.
 */
export const ENCOUNTER_CLASS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export const ENCOUNTER_CLASSES = {
  AMB: 'ambulatory (outpatient)',
  IMP: 'inpatient encounter',
  EMER: 'emergency',
  VR: 'virtual',
} as const;

export type EncounterClass = keyof typeof ENCOUNTER_CLASSES;
export const ENCOUNTER_CLASS_CODES = Object.keys(ENCOUNTER_CLASSES) as EncounterClass[];
