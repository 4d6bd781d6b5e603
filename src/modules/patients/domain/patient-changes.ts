import type { PatientDetailChanges, PatientDetails } from './patient-details.js';

/** Fields in the order events and responses list them. */
export const DETAIL_FIELDS: readonly (keyof PatientDetails)[] = [
  'firstName',
  'middleName',
  'lastName',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'address',
  'nationalId',
  'emergencyContact',
  'preferredLanguage',
];

/** Structural equality of two field values (strings, null, or the flat objects address and emergency contact). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if ((left[key] ?? null) !== (right[key] ?? null)) return false;
  return true;
}

/**
 * The details after a change, and the names of the fields whose value
 * actually changed (none: a no-op, which records nothing). Address and
 * emergency contact are replaced whole.
 */
export function applyPatientChanges(
  current: PatientDetails,
  changes: PatientDetailChanges,
): { readonly next: PatientDetails; readonly changedFields: (keyof PatientDetails)[] } {
  const next: Record<string, unknown> = { ...current };
  const changedFields: (keyof PatientDetails)[] = [];
  for (const field of DETAIL_FIELDS) {
    const value = changes[field];
    if (value === undefined || sameValue(value, current[field])) continue;
    next[field] = value;
    changedFields.push(field);
  }
  return { next: next as unknown as PatientDetails, changedFields };
}
