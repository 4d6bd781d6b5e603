import { describe, expect, it } from '@jest/globals';
import { invalidFieldsOf } from '@hms/testing';
import { checkHospitalDetails } from './hospital-details.js';

describe('checkHospitalDetails', () => {
  it('passes valid details, with the time zone in its usual spelling', () => {
    expect(
      checkHospitalDetails({
        name: 'Riverside General Hospital',
        address: '12 Harbour Road',
        phone: '+1 555 010 4477',
        timeZone: 'europe/lisbon',
      }),
    ).toEqual({
      name: 'Riverside General Hospital',
      address: '12 Harbour Road',
      phone: '+1 555 010 4477',
      timeZone: 'Europe/Lisbon',
    });
    expect(checkHospitalDetails({ phone: null, isActive: true })).toEqual({ phone: null, isActive: true });
  });

  it('reports every broken rule with its field', () => {
    expect(
      invalidFieldsOf(() => checkHospitalDetails({ name: '', address: 'x'.repeat(201), phone: '12', timeZone: 'Mars/Base' })),
    ).toEqual(['name', 'address', 'phone', 'timeZone']);
  });
});
