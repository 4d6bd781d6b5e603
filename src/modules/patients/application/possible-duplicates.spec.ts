import { describe, expect, it } from '@jest/globals';
import { buildAbility, type Principal } from '@hms/authz';
import type { DuplicateMatchRow } from '../infrastructure/patient-row.js';
import type { PatientReader } from './patient-reader.js';
import { answerDuplicates } from './possible-duplicates.js';

const now = new Date('2026-12-10T10:00:00Z');
const registrarWith = (permissions: string[], over: Partial<Principal> = {}): PatientReader => {
  const principal: Principal = {
    userId: 'u1',
    sessionId: 's1',
    roles: ['receptionist'],
    permissions: ['patients:register', ...permissions],
    hospitalId: 'hA',
    departmentId: 'dA',
    emergencyGrants: [],
    ...over,
  };
  return {
    actor: { kind: 'user', id: principal.userId },
    principal,
    ability: buildAbility(principal, now),
    purposeOfUse: 'PATADMIN',
  };
};
const match = (id: string, hospital: string, over: Partial<DuplicateMatchRow> = {}): DuplicateMatchRow => ({
  id,
  mrn: `MRN-${id}`,
  external_identifiers: [],
  registering_hospital_id: hospital,
  status: 'active',
  user_ids: null,
  department_ids: null,
  hospital_ids: null,
  ...over,
});

describe('answerDuplicates', () => {
  const inA = match('p1', 'hA');
  const deadInB = match('p2', 'hB', { status: 'deceased' });
  const linkedToA = match('p3', 'hB', {
    hospital_ids: ['hA'],
    external_identifiers: [{ assignerHospitalId: 'hA', value: 'EXT-3' }],
  });

  it('lists the matches the registrar may read and only counts the others, auditing every one', () => {
    const { error, audit } = answerDuplicates(registrarWith(['patients:read:hospital']), [inA, deadInB, linkedToA], now);
    expect(error.code).toBe('PATIENT.POSSIBLE_DUPLICATE');
    expect(error.details).toEqual({
      candidates: [
        { id: 'p1', mrn: 'MRN-p1', externalIdentifiers: [], registeringHospitalId: 'hA', status: 'active' },
        {
          id: 'p3',
          mrn: 'MRN-p3',
          externalIdentifiers: [{ assignerHospitalId: 'hA', value: 'EXT-3' }],
          registeringHospitalId: 'hB',
          status: 'active',
        },
      ],
      candidatesOutsideScope: 1,
    });
    const told = JSON.stringify({ message: error.message, details: error.details });
    for (const hidden of ['p2', 'MRN-p2', 'deceased']) expect(told).not.toContain(hidden);
    expect(error.message).toContain('1 possible duplicate is outside your scope');
    expect(audit.map((event) => [event.aggregateId, event.payload])).toEqual([
      ['p1', { patientId: 'p1', disclosed: 'listed', purposeOfUse: 'PATADMIN' }],
      ['p2', { patientId: 'p2', disclosed: 'counted', purposeOfUse: 'PATADMIN' }],
      ['p3', { patientId: 'p3', disclosed: 'listed', purposeOfUse: 'PATADMIN' }],
    ]);
  });

  it('shows a registrar without patients:read counts only', () => {
    const { error, audit } = answerDuplicates(registrarWith([]), [inA, deadInB], now);
    expect(error.details).toEqual({ candidates: [], candidatesOutsideScope: 2 });
    expect(error.message).toContain('2 possible duplicates are outside your scope');
    expect(audit.map((event) => event.payload.disclosed)).toEqual(['counted', 'counted']);
  });

  it('lists a match opened by a break-the-glass grant, and audits it as break-the-glass', () => {
    const registrar = registrarWith(['patients:read:hospital'], {
      emergencyGrants: [{ grantId: 'g1', patientId: 'p2', expiresAt: new Date(now.getTime() + 60_000) }],
    });
    const { error, audit } = answerDuplicates(registrar, [deadInB], now);
    expect(error.details).toEqual({
      candidates: [{ id: 'p2', mrn: 'MRN-p2', externalIdentifiers: [], registeringHospitalId: 'hB', status: 'deceased' }],
      candidatesOutsideScope: 0,
    });
    expect(audit[0].payload).toEqual({
      patientId: 'p2',
      disclosed: 'listed',
      purposeOfUse: 'PATADMIN',
      emergencyGrantId: 'g1',
      breakGlass: true,
    });
  });
});
