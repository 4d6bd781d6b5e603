import type { PatientSearchFilters } from '../domain/patient-search-filters.js';
import { BLIND_INDEX_COLUMNS, type BlindIndexColumn, type SearchKey, searchInputs } from './patient-encryption.js';

/** One blind-index column and the values to look for in it (one per index key of the ring). */
export interface IndexCondition {
  readonly column: BlindIndexColumn;
  readonly hashes: readonly string[];
}

/**
 * The blind-index conditions of a search: the most specific index the
 * personal filters determine (first + last name, with birth date beside it
 * in the same composite index; else last name + birth date; else last name;
 * else birth date), then phone, email and national id. Values are
 * normalised first, so case, accents and punctuation do not matter.
 */
export function planIndexConditions(
  filters: PatientSearchFilters,
  hashesOf: (searchKey: SearchKey, input: string) => string[],
): IndexCondition[] {
  const inputs = searchInputs(filters);
  const keys: SearchKey[] = [];
  if (inputs.firstLastName) {
    keys.push('firstLastName');
    if (inputs.dateOfBirth) keys.push('dateOfBirth');
  } else if (inputs.lastNameDob) keys.push('lastNameDob');
  else if (inputs.lastName) keys.push('lastName');
  else if (inputs.dateOfBirth) keys.push('dateOfBirth');
  for (const key of ['phone', 'email', 'nationalId'] as const) if (inputs[key]) keys.push(key);
  return keys.map((key) => ({ column: BLIND_INDEX_COLUMNS[key], hashes: hashesOf(key, inputs[key]!) }));
}
