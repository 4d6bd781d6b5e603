import { describe, expect, it } from '@jest/globals';
import { PatientRecordAccessed, patientAccessPayload } from './patient-record-accessed.event.js';

describe('patient access events', () => {
  it('carry ids, the purpose and filter names only, as a version-0 fact of the Patient', () => {
    const event = new PatientRecordAccessed({
      patientId: 'p1',
      access: 'search',
      purposeOfUse: 'HPAYMT',
      filters: ['lastName', 'dateOfBirth'],
    });
    expect(event).toMatchObject({
      type: 'patients.PatientRecordAccessed.v1',
      aggregateType: 'Patient',
      aggregateId: 'p1',
      aggregateVersion: 0,
    });
    expect(event.payload).toEqual({
      patientId: 'p1',
      access: 'search',
      purposeOfUse: 'HPAYMT',
      filters: ['lastName', 'dateOfBirth'],
    });
  });

  it('mark reads allowed only by a break-the-glass grant', () => {
    expect(patientAccessPayload({ patientId: 'p1', access: 'read', purposeOfUse: 'TREAT', emergencyGrantId: 'g1' })).toEqual({
      patientId: 'p1',
      access: 'read',
      purposeOfUse: 'TREAT',
      emergencyGrantId: 'g1',
      breakGlass: true,
    });
    expect(patientAccessPayload({ patientId: 'p1', access: 'read', purposeOfUse: 'TREAT', emergencyGrantId: null })).toEqual({
      patientId: 'p1',
      access: 'read',
      purposeOfUse: 'TREAT',
    });
  });
});
