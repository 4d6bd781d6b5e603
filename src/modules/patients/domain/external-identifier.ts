import { type InvalidField, isUuid } from '@hms/ddd';
import type { PatientDetailChanges, PatientDetails } from './patient-details.js';

/**
 * An identifier another system gave the patient (its MRN), under the
 * hospital that received it: FHIR's Identifier with `assigner` = that
 * hospital (Organization) and `value` = the MRN. One (assigner, value)
 * names one patient.
 */
export interface ExternalIdentifier {
  readonly assignerHospitalId: string;
  readonly value: string;
}

export const MAX_EXTERNAL_IDENTIFIER_LENGTH = 40;

/** Letters, digits and hyphens, at least one not a hyphen: a sending system's MRN, no check digit (the migration's CHECK too). */
const EXTERNAL_IDENTIFIER_VALUE = /^[A-Za-z0-9-]*[A-Za-z0-9][A-Za-z0-9-]*$/;

export function isExternalIdentifierValue(value: string): boolean {
  return value.length <= MAX_EXTERNAL_IDENTIFIER_LENGTH && EXTERNAL_IDENTIFIER_VALUE.test(value);
}

/** What is wrong with an identifier a caller names (callers check values first; this keeps bad ones from the database). */
export function externalIdentifierProblems(identifier: ExternalIdentifier): InvalidField[] {
  const problems: InvalidField[] = [];
  if (!isUuid(identifier.assignerHospitalId)) {
    problems.push({ field: 'assignerHospitalId', message: 'assignerHospitalId must be a hospital id (a UUID)' });
  }
  if (typeof identifier.value !== 'string' || !isExternalIdentifierValue(identifier.value)) {
    problems.push({
      field: 'value',
      message: `value must be 1 to ${MAX_EXTERNAL_IDENTIFIER_LENGTH} letters, digits and hyphens, not hyphens only`,
    });
  }
  return problems;
}

/** What a sending system says about the patient it names: the fields a feed may change. */
export type ExternalPatientData = Pick<PatientDetails, 'firstName' | 'lastName' | 'dateOfBirth'>;

/**
 * The changes that make a stored patient say what the sender says: only the
 * fields that differ, compared exactly (a case or accent the sender changed
 * is a change), none when they agree. Every other field is the hospital's own.
 */
export function externalPatientChanges(stored: ExternalPatientData, sent: ExternalPatientData): PatientDetailChanges {
  const changes: PatientDetailChanges = {};
  if (stored.firstName !== sent.firstName) changes.firstName = sent.firstName;
  if (stored.lastName !== sent.lastName) changes.lastName = sent.lastName;
  if (stored.dateOfBirth !== sent.dateOfBirth) changes.dateOfBirth = sent.dateOfBirth;
  return changes;
}
