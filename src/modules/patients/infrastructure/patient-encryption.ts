import {
  blindIndex,
  decryptField,
  encryptField,
  type Keyring,
  normaliseEmail,
  normaliseName,
  normaliseNationalId,
  normalisePhone,
} from '@hms/crypto';
import type { PatientPersonalData, PersonalField } from '../domain/patient-personal-data.js';

export const PATIENTS_TABLE = 'patients';

/** The column holding each personal field's ciphertext. */
export const ENCRYPTED_COLUMNS = {
  firstName: 'first_name',
  middleName: 'middle_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  phone: 'phone',
  email: 'email',
  address: 'address',
  nationalId: 'national_id',
  emergencyContact: 'emergency_contact',
  preferredLanguage: 'preferred_language',
} as const satisfies Record<PersonalField, string>;

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[PersonalField];
/** Ciphertexts by column; null where the field is empty. */
export type EncryptedColumns = Record<EncryptedColumn, string | null>;

/** Fields held as JSON inside one ciphertext. */
const STRUCTURED: ReadonlySet<PersonalField> = new Set(['address', 'emergencyContact']);

const FIELDS = Object.keys(ENCRYPTED_COLUMNS) as PersonalField[];

function plaintextOf(field: PersonalField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return STRUCTURED.has(field) ? JSON.stringify(value) : (value as string);
}

/** Encrypts one field's value for one patient's row, under the keyring's active key. */
export function encryptPersonalField(keyring: Keyring, patientId: string, field: PersonalField, value: unknown): string | null {
  const plaintext = plaintextOf(field, value);
  if (plaintext === null) return null;
  return encryptField(keyring, plaintext, { table: PATIENTS_TABLE, column: ENCRYPTED_COLUMNS[field], rowId: patientId });
}

/** Every personal field as its column's ciphertext, bound to this patient's row. */
export function encryptPersonalData(keyring: Keyring, patientId: string, data: PatientPersonalData): EncryptedColumns {
  const columns = {} as Record<EncryptedColumn, string | null>;
  for (const field of FIELDS) columns[ENCRYPTED_COLUMNS[field]] = encryptPersonalField(keyring, patientId, field, data[field]);
  return columns;
}

/** Reads one field back; throws FieldDecryptionError when the value was tampered with or moved. */
export function decryptPersonalField<F extends PersonalField>(
  keyring: Keyring,
  patientId: string,
  field: F,
  stored: string | null,
): PatientPersonalData[F] {
  if (stored === null) return null as PatientPersonalData[F];
  const plaintext = decryptField(keyring, stored, { table: PATIENTS_TABLE, column: ENCRYPTED_COLUMNS[field], rowId: patientId });
  return (STRUCTURED.has(field) ? JSON.parse(plaintext) : plaintext) as PatientPersonalData[F];
}

export function decryptPersonalData(keyring: Keyring, patientId: string, columns: EncryptedColumns): PatientPersonalData {
  const data = {} as Record<PersonalField, unknown>;
  for (const field of FIELDS) data[field] = decryptPersonalField(keyring, patientId, field, columns[ENCRYPTED_COLUMNS[field]]);
  return data as unknown as PatientPersonalData;
}

/** Search keys: what a blind index is computed over, after normalisation. */
export type SearchKey = 'lastName' | 'firstLastName' | 'dateOfBirth' | 'lastNameDob' | 'phone' | 'email' | 'nationalId';

export const BLIND_INDEX_COLUMNS = {
  lastName: 'last_name_bidx',
  firstLastName: 'first_last_name_bidx',
  dateOfBirth: 'date_of_birth_bidx',
  lastNameDob: 'last_name_dob_bidx',
  phone: 'phone_bidx',
  email: 'email_bidx',
  nationalId: 'national_id_bidx',
} as const satisfies Record<SearchKey, string>;

export type BlindIndexColumn = (typeof BLIND_INDEX_COLUMNS)[SearchKey];
export type BlindIndexes = Record<BlindIndexColumn, string | null>;

/** The values blind indexes are computed over: normalised, so spelling variants meet. */
export interface SearchValues {
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly dateOfBirth?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly nationalId?: string | null;
}

/** The normalised input of each search key that the given values determine. */
export function searchInputs(values: SearchValues): Partial<Record<SearchKey, string>> {
  const inputs: Partial<Record<SearchKey, string>> = {};
  const last = values.lastName ? normaliseName(values.lastName) : undefined;
  const first = values.firstName ? normaliseName(values.firstName) : undefined;
  const dob = values.dateOfBirth ?? undefined;
  if (last) inputs.lastName = last;
  if (first && last) inputs.firstLastName = `${first}\u0000${last}`;
  if (dob) inputs.dateOfBirth = dob;
  if (last && dob) inputs.lastNameDob = `${last}\u0000${dob}`;
  const phone = values.phone ? normalisePhone(values.phone) : '';
  if (phone) inputs.phone = phone;
  const email = values.email ? normaliseEmail(values.email) : '';
  if (email) inputs.email = email;
  const nationalId = values.nationalId ? normaliseNationalId(values.nationalId) : '';
  if (nationalId) inputs.nationalId = nationalId;
  return inputs;
}

/** Every blind index of a patient's row, under one key. */
export function blindIndexesOf(key: Buffer, data: PatientPersonalData): BlindIndexes {
  const inputs = searchInputs(data);
  const indexes = {} as Record<BlindIndexColumn, string | null>;
  for (const [searchKey, column] of Object.entries(BLIND_INDEX_COLUMNS) as [SearchKey, BlindIndexColumn][]) {
    const input = inputs[searchKey];
    indexes[column] = input === undefined ? null : blindIndex(key, searchKey, input);
  }
  return indexes;
}

/**
 * The index values to look for: one per key of the ring, so a search finds
 * rows indexed under the previous key while a rotation rebuilds them.
 */
export function searchHashes(keys: readonly { readonly secret: Buffer }[], searchKey: SearchKey, input: string): string[] {
  return keys.map((key) => blindIndex(key.secret, searchKey, input));
}
