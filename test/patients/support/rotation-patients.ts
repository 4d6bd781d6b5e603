import { randomBytes } from 'node:crypto';
import { type Keyring, keyringOf } from '@hms/crypto';
import { uuidv7 } from '@hms/ddd';
import type { PatientPersonalData } from '../../../src/modules/patients/domain/patient-personal-data.js';
import {
  BLIND_INDEX_COLUMNS,
  type BlindIndexes,
  blindIndexesOf,
  decryptPersonalData,
  ENCRYPTED_COLUMNS,
  type EncryptedColumns,
  encryptPersonalData,
} from '../../../src/modules/patients/infrastructure/patient-encryption.js';
import type { TestDatabase } from '../../support/test-database.js';

/**
 * Patients written straight into the table with the codec, as the patients
 * API would store them, so rotation tests depend on nothing but the schema.
 * Every value is invented.
 */

export interface TestKey {
  readonly id: string;
  readonly secret: Buffer;
}

export const newKey = (id: string): TestKey => ({ id, secret: randomBytes(32) });

/** The `kid:base64,...` form of PII_ENCRYPTION_KEYS and PII_BLIND_INDEX_KEYS; the first key is the active one. */
export const keyringEnv = (...keys: TestKey[]): string => keys.map((k) => `${k.id}:${k.secret.toString('base64')}`).join(',');

export const ringOf = (...keys: TestKey[]): Keyring => keyringOf(keys);

export const ENCRYPTED = Object.values(ENCRYPTED_COLUMNS);
export const INDEXES = Object.values(BLIND_INDEX_COLUMNS);

const FIRST = ['Alba', 'Bento', 'Carys', 'Dario', 'Elin', 'Fenna', 'Gideon', 'Hester', 'Ivo', 'Juno'];
const LAST = ['Quillfeather', 'Marrowdale', 'Østerby-Nuñez', 'Penhallow', 'Ashgrove', 'Thistlewood', 'Brackenridge'];

/** An invented person; `n` makes names, phones and ids differ from one patient to the next. */
export function inventedPerson(n: number): PatientPersonalData {
  return {
    firstName: `${FIRST[n % FIRST.length]}${n}`,
    middleName: n % 2 === 0 ? null : `Testmiddle${n}`,
    lastName: `${LAST[n % LAST.length]} ${n}`,
    dateOfBirth: `19${String(50 + (n % 50)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
    phone: n % 5 === 0 ? null : `+99 555 ${String(100000 + n).slice(-6)}`,
    email: n % 4 === 0 ? null : `test.person${n}@example.test`,
    address:
      n % 3 === 0
        ? null
        : { line1: `${n} Invented Lane`, line2: null, city: 'Testburgh', region: null, postalCode: `T${n}`, country: 'ZZ' },
    nationalId: n % 6 === 0 ? null : `TST-${100000 + n}`,
    emergencyContact: n % 7 === 0 ? null : { name: `Contact ${n}`, relationship: 'sibling', phone: `+99 555 9${n}` },
    preferredLanguage: n % 2 === 0 ? 'en' : 'pt-PT',
  };
}

export interface SeededPatient {
  readonly id: string;
  readonly data: PatientPersonalData;
  readonly version: number;
}

/**
 * Inserts `count` patients encrypted under `ring`'s active key and indexed
 * under `indexKey`, with varied versions and an old updated_at, so a test can
 * show a rotation changes neither. Answers them in id order.
 */
export async function seedPatients(
  db: TestDatabase,
  count: number,
  keys: { readonly ring: Keyring; readonly indexKey: TestKey },
): Promise<SeededPatient[]> {
  const patients: SeededPatient[] = [];
  const hospitalId = uuidv7();
  for (let start = 0; start < count; start += 100) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let n = start; n < Math.min(count, start + 100); n++) {
      const id = uuidv7();
      const data = inventedPerson(n);
      const version = 1 + (n % 4);
      const encrypted = encryptPersonalData(keys.ring, id, data);
      const indexes = blindIndexesOf(keys.indexKey.secret, data);
      const row = [
        id,
        `TST${String(n).padStart(6, '0')}`,
        ['female', 'male', 'other', 'unknown'][n % 4],
        hospitalId,
        ...ENCRYPTED.map((c) => encrypted[c]),
        keys.ring.activeKeyId,
        ...INDEXES.map((c) => indexes[c]),
        keys.indexKey.id,
        version,
      ];
      values.push(`(${row.map((_, i) => `$${params.length + i + 1}`).join(', ')}, '2020-01-01T00:00:00Z')`);
      params.push(...row);
      patients.push({ id, data, version });
    }
    await db.query(
      `INSERT INTO patients (id, mrn, sex, registering_hospital_id, ${ENCRYPTED.join(', ')}, pii_key_id,
                             ${INDEXES.join(', ')}, blind_index_key_id, version, updated_at)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
  return patients.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type StoredPatient = {
  id: string;
  pii_key_id: string;
  blind_index_key_id: string;
  version: number;
  updated_at: Date;
} & EncryptedColumns &
  BlindIndexes;

/** Every patient row as stored, in id order. */
export function storedPatients(db: Pick<TestDatabase, 'query'>): Promise<StoredPatient[]> {
  return db.query<StoredPatient>(
    `SELECT id, pii_key_id, blind_index_key_id, version, updated_at, ${ENCRYPTED.join(', ')}, ${INDEXES.join(', ')}
       FROM patients ORDER BY id`,
  );
}

export function decryptRow(ring: Keyring, row: StoredPatient): PatientPersonalData {
  return decryptPersonalData(ring, row.id, row);
}
