import { describe, expect, it } from '@jest/globals';
import { invalidFieldsOf } from '@hms/testing';
import { checkDateOfBirth, checkPatientDetails, checkPhone, latestDateOnEarth, type PatientDetails } from './patient-details.js';

const now = new Date('2026-11-22T10:00:00Z');

// Invented test data.
const valid: PatientDetails = {
  firstName: 'Marta',
  middleName: null,
  lastName: 'Quintela',
  dateOfBirth: '1984-02-29',
  sex: 'female',
  phone: '+351 (21) 555-0101',
  email: 'marta.quintela@example.test',
  address: { line1: '3 Test Lane', line2: null, city: 'Testburgh', region: null, postalCode: '1000-001', country: 'PT' },
  nationalId: 'AB 123-456',
  emergencyContact: { name: 'Rui Quintela', relationship: 'brother', phone: '210 555 0102' },
  preferredLanguage: 'pt-PT',
};

describe('checkPatientDetails', () => {
  it('passes complete, valid details and partial changes', () => {
    expect(invalidFieldsOf(() => checkPatientDetails(valid, now, true))).toEqual([]);
    expect(invalidFieldsOf(() => checkPatientDetails({ phone: null, email: null }, now, false))).toEqual([]);
  });

  it('reports every broken rule at once, naming nested fields', () => {
    const fields = invalidFieldsOf(() =>
      checkPatientDetails(
        {
          ...valid,
          firstName: '',
          lastName: 'x'.repeat(101),
          dateOfBirth: '2026-02-31',
          sex: 'yes' as never,
          phone: '12 34',
          email: 'not-an-email',
          nationalId: 'AB/12',
          address: { ...valid.address!, city: '', country: 'Portugal' },
          emergencyContact: { name: 'Rui', relationship: 'r'.repeat(51), phone: 'call me' },
          preferredLanguage: 'Portuguese',
        },
        now,
        true,
      ),
    );
    expect(fields).toEqual([
      'firstName',
      'lastName',
      'dateOfBirth',
      'sex',
      'phone',
      'email',
      'nationalId',
      'address.city',
      'address.country',
      'emergencyContact.relationship',
      'emergencyContact.phone',
      'preferredLanguage',
    ]);
  });

  it('requires names and birth date on registration, and refuses to clear them', () => {
    expect(invalidFieldsOf(() => checkPatientDetails({ ...valid, firstName: undefined }, now, true))).toEqual(['firstName']);
    expect(invalidFieldsOf(() => checkPatientDetails({ lastName: null, dateOfBirth: null, sex: null }, now, false))).toEqual([
      'lastName',
      'dateOfBirth',
      'sex',
    ]);
  });

  it('refuses names with nothing searchable in them and control characters', () => {
    expect(invalidFieldsOf(() => checkPatientDetails({ lastName: '---' }, now, false))).toEqual(['lastName']);
    expect(invalidFieldsOf(() => checkPatientDetails({ firstName: 'Ma\u0000rta' }, now, false))).toEqual(['firstName']);
    expect(invalidFieldsOf(() => checkPatientDetails({ firstName: 'Ødegård-Núñez' }, now, false))).toEqual([]);
  });

  it('refuses a national id made of separators only', () => {
    expect(invalidFieldsOf(() => checkPatientDetails({ nationalId: ' - ' }, now, false))).toEqual(['nationalId']);
    expect(invalidFieldsOf(() => checkPatientDetails({ nationalId: 'x'.repeat(41) }, now, false))).toEqual(['nationalId']);
  });
});

describe('checkDateOfBirth', () => {
  it('takes real dates from 1900-01-01 to today anywhere on earth', () => {
    expect(checkDateOfBirth('1900-01-01', now)).toBeUndefined();
    expect(checkDateOfBirth('2024-02-29', now)).toBeUndefined();
    expect(checkDateOfBirth(latestDateOnEarth(now), now)).toBeUndefined();
    expect(latestDateOnEarth(new Date('2026-11-22T10:00:00Z'))).toBe('2026-11-23');
  });

  it.each([
    ['2023-02-29', 'not a real calendar date'],
    ['2026-02-31', 'not a real calendar date'],
    ['2026-13-01', 'not a real calendar date'],
    ['1899-12-31', 'before 1900-01-01'],
    ['2026-11-24', 'in the future'],
    ['22/11/1980', 'YYYY-MM-DD'],
    ['1980-1-2', 'YYYY-MM-DD'],
  ])('refuses %s', (value, message) => {
    expect(checkDateOfBirth(value, now)).toContain(message);
  });
});

describe('checkPhone', () => {
  it('takes 7 to 15 digits with an optional + and formatting', () => {
    expect(checkPhone('phone', '+44 (0)20-7946.0958')).toBeUndefined();
    expect(checkPhone('phone', '1234567')).toBeUndefined();
    expect(checkPhone('phone', '+123456789012345')).toBeUndefined();
  });

  it.each(['123456', '1234567890123456', '12+34567890', '555-CALL-NOW', '++1234567', '1234567#'])('refuses %s', (value) => {
    expect(checkPhone('phone', value)).toContain('7 to 15 digits');
  });
});
