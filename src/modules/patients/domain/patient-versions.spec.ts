import { describe, expect, it } from '@jest/globals';
import { PatientStreamCorruptError, replayPatientVersions, type PatientVersionEvent } from './patient-versions.js';

const id = '0193a1f2-0000-7000-8000-0000000000aa';
const actor = { id: 'u1', kind: 'user' };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute));
const encrypted = {
  firstName: 'v1.k1.n.first',
  middleName: null,
  lastName: 'v1.k1.n.last',
  dateOfBirth: 'v1.k1.n.dob',
  phone: 'v1.k1.n.phone',
  email: null,
  address: null,
  nationalId: null,
  emergencyContact: null,
  preferredLanguage: null,
};
const registered: PatientVersionEvent = {
  version: 1,
  type: 'patients.PatientRegistered.v1',
  occurredAt: at(0),
  actor,
  change: { mrn: 'MRN0000000018', sex: 'female', status: 'active', registeringHospitalId: 'h1', encrypted },
};

describe('replayPatientVersions', () => {
  it('rebuilds the record after each version: updates replace only the changed ciphertexts', () => {
    const versions = replayPatientVersions(id, [
      registered,
      {
        version: 2,
        type: 'patients.PatientUpdated.v1',
        occurredAt: at(5),
        actor,
        change: { changedFields: ['phone', 'sex'], encrypted: { phone: null }, sex: 'other' },
      },
      {
        version: 3,
        type: 'patients.PatientMerged.v2',
        occurredAt: at(9),
        actor,
        change: { status: 'merged', mergedIntoId: 'p2' },
      },
    ]);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions[0].state.encrypted.phone).toBe('v1.k1.n.phone');
    expect(versions[1].state).toMatchObject({ sex: 'other', version: 2, createdAt: at(0), updatedAt: at(5) });
    expect(versions[1].state.encrypted).toEqual({ ...encrypted, phone: null });
    expect(versions[2].state).toMatchObject({ status: 'merged', mergedIntoId: 'p2', sex: 'other' });
  });

  it('refuses a stream with a gap, an unknown event, or no registration first', () => {
    const deactivated = {
      version: 3,
      type: 'patients.PatientDeactivated.v1',
      occurredAt: at(1),
      actor,
      change: { status: 'inactive' },
    };
    expect(() => replayPatientVersions(id, [registered, deactivated])).toThrow(PatientStreamCorruptError);
    expect(() =>
      replayPatientVersions(id, [registered, { ...deactivated, version: 2, type: 'patients.PatientRenamed.v1' }]),
    ).toThrow(/unknown event patients.PatientRenamed.v1/);
    expect(() => replayPatientVersions(id, [{ ...deactivated, version: 1 }])).toThrow(
      /starts with patients.PatientDeactivated.v1/,
    );
    // Type names are compared whole: the class name alone is not the type.
    expect(() => replayPatientVersions(id, [{ ...registered, type: 'PatientRegistered' }])).toThrow(
      /starts with PatientRegistered/,
    );
  });
});
