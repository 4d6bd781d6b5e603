import { describe, expect, it } from '@jest/globals';
import { applyPatientChanges } from './patient-changes.js';
import type { PatientDetails } from './patient-details.js';

// Invented test data.
const current: PatientDetails = {
  firstName: 'Marta',
  middleName: null,
  lastName: 'Quintela',
  dateOfBirth: '1984-02-29',
  sex: 'female',
  phone: '+351 21 555 0101',
  email: null,
  address: { line1: '3 Test Lane', line2: null, city: 'Testburgh', region: null, postalCode: null, country: 'PT' },
  nationalId: null,
  emergencyContact: null,
  preferredLanguage: 'pt',
};

describe('applyPatientChanges', () => {
  it('applies the given fields and names those whose value changed', () => {
    const { next, changedFields } = applyPatientChanges(current, {
      lastName: 'Quintela-Sousa',
      phone: null,
      email: 'marta@example.test',
      sex: 'female',
    });
    expect(changedFields).toEqual(['lastName', 'phone', 'email']);
    expect(next).toEqual({ ...current, lastName: 'Quintela-Sousa', phone: null, email: 'marta@example.test' });
  });

  it('finds no change when the values are the same, objects compared field by field', () => {
    const sameAddress = { country: 'PT', city: 'Testburgh', line1: '3 Test Lane', line2: null, region: null, postalCode: null };
    expect(applyPatientChanges(current, { firstName: 'Marta', address: sameAddress, middleName: null }).changedFields).toEqual(
      [],
    );
  });

  it('replaces an address whole', () => {
    const address = { line1: '9 Other Road', line2: null, city: 'Testburgh', region: null, postalCode: null, country: 'PT' };
    const { next, changedFields } = applyPatientChanges(current, { address });
    expect(changedFields).toEqual(['address']);
    expect(next.address).toEqual(address);
  });
});
