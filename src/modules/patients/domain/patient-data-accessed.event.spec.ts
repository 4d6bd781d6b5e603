import { describe, expect, it } from '@jest/globals';
import { PatientDataAccessed } from './patient-data-accessed.event.js';

describe('PatientDataAccessed', () => {
  const served = { patientId: 'p1', resourceType: 'emr.notes', access: 'read', purposeOfUse: 'TREAT' } as const;

  it('names the instant of a read as of then', () => {
    expect(new PatientDataAccessed({ ...served, asOf: '2026-11-01T08:00:00.000Z' }).payload).toEqual({
      ...served,
      asOf: '2026-11-01T08:00:00.000Z',
    });
  });

  it('keeps the payload of a current read as it was: no asOf member', () => {
    expect(new PatientDataAccessed({ ...served, asOf: null }).payload).toEqual(served);
    expect(new PatientDataAccessed(served).payload).not.toHaveProperty('asOf');
  });
});
