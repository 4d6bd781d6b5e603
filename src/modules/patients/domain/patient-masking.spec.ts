import { describe, expect, it } from '@jest/globals';
import { HIDDEN, maskPersonalData } from './patient-masking.js';
import type { PatientPersonalData } from './patient-personal-data.js';

// Invented test data.
const data: PatientPersonalData = {
  firstName: 'Marta',
  middleName: 'Luísa',
  lastName: 'Quintela',
  dateOfBirth: '1984-02-29',
  phone: '+351 21 555 0101',
  email: 'marta.quintela@example.test',
  address: { line1: '3 Test Lane', line2: 'Flat 2', city: 'Testburgh', region: null, postalCode: '1000-001', country: 'PT' },
  nationalId: 'AB123456C',
  emergencyContact: { name: 'Rui Quintela', relationship: 'brother', phone: '210 555 0102' },
  preferredLanguage: 'pt-PT',
};

describe('maskPersonalData', () => {
  it('keeps names, birth date and language; masks the sensitive fields', () => {
    const masked = maskPersonalData(data);
    expect(masked).toEqual({
      firstName: 'Marta',
      middleName: 'Luísa',
      lastName: 'Quintela',
      dateOfBirth: '1984-02-29',
      phone: '************0101',
      email: '***********************test',
      address: { line1: HIDDEN, line2: HIDDEN, city: HIDDEN, region: null, postalCode: HIDDEN, country: 'PT' },
      nationalId: '*****456C',
      emergencyContact: { name: HIDDEN, relationship: HIDDEN, phone: '********0102' },
      preferredLanguage: 'pt-PT',
    });
    const text = JSON.stringify(masked);
    for (const secret of ['Test Lane', 'Testburgh', '1000-001', 'Rui', 'brother', 'AB123', 'quintela@']) {
      expect(text).not.toContain(secret);
    }
  });

  it('leaves empty fields empty', () => {
    const masked = maskPersonalData({
      ...data,
      phone: null,
      email: null,
      address: null,
      nationalId: null,
      emergencyContact: null,
    });
    expect(masked).toMatchObject({ phone: null, email: null, address: null, nationalId: null, emergencyContact: null });
  });
});
