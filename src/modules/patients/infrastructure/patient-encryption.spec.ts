import { describe, expect, it } from '@jest/globals';
import { FieldDecryptionError, keyringOf } from '@hms/crypto';
import type { PatientPersonalData } from '../domain/patient-personal-data.js';
import {
  blindIndexesOf,
  decryptPersonalData,
  decryptPersonalField,
  encryptPersonalData,
  searchHashes,
  searchInputs,
} from './patient-encryption.js';

const ring = keyringOf([{ id: 'k1', secret: Buffer.alloc(32, 1) }]);
const indexKey = Buffer.alloc(32, 9);
const id = '0193a1f2-0000-7000-8000-0000000000aa';
const other = '0193a1f2-0000-7000-8000-0000000000bb';

// Invented test data.
const data: PatientPersonalData = {
  firstName: 'Ana',
  middleName: null,
  lastName: 'Ødegård-Núñez',
  dateOfBirth: '1980-02-29',
  phone: '+351 912 345 678',
  email: 'Ana.Test@Example.org',
  address: { line1: '1 Test Street', line2: null, city: 'Testville', region: null, postalCode: '1000-001', country: 'PT' },
  nationalId: 'ab 123 456 c',
  emergencyContact: { name: 'Rui Test', relationship: 'brother', phone: '+351 911 111 111' },
  preferredLanguage: 'pt-PT',
};

describe('patient encryption', () => {
  it('round-trips every field and stores none of them in clear text', () => {
    const columns = encryptPersonalData(ring, id, data);
    expect(decryptPersonalData(ring, id, columns)).toEqual(data);
    const stored = JSON.stringify(columns);
    for (const clear of ['Ana', 'Ødegård', '1980-02-29', '912 345', 'Example.org', 'Test Street', 'Rui Test', 'pt-PT']) {
      expect(stored).not.toContain(clear);
    }
    expect(columns.middle_name).toBeNull();
  });

  it('refuses a value swapped into another column or copied to another patient', () => {
    const columns = encryptPersonalData(ring, id, data);
    expect(() => decryptPersonalField(ring, id, 'firstName', columns.last_name)).toThrow(FieldDecryptionError);
    expect(() => decryptPersonalField(ring, other, 'lastName', columns.last_name)).toThrow(FieldDecryptionError);
  });

  it('indexes spelling variants alike and keeps empty fields unindexed', () => {
    const variant = { ...data, lastName: 'odegard nunez', email: ' ana.test@example.ORG', phone: '351912345678' };
    expect(blindIndexesOf(indexKey, variant)).toEqual(blindIndexesOf(indexKey, data));
    expect(blindIndexesOf(indexKey, { ...data, phone: null }).phone_bidx).toBeNull();
  });

  it('searches with one hash per index key, the active one first', () => {
    const input = searchInputs({ lastName: 'Odegard-Nunez', dateOfBirth: '1980-02-29' });
    expect(Object.keys(input).sort()).toEqual(['dateOfBirth', 'lastName', 'lastNameDob']);
    const hashes = searchHashes([{ secret: indexKey }, { secret: Buffer.alloc(32, 8) }], 'lastNameDob', input.lastNameDob!);
    expect(hashes[0]).toBe(blindIndexesOf(indexKey, data).last_name_dob_bidx);
    expect(hashes[1]).not.toBe(hashes[0]);
  });
});
