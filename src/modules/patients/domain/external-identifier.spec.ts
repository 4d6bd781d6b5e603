import { describe, expect, it } from '@jest/globals';
import { externalIdentifierProblems, externalPatientChanges, isExternalIdentifierValue } from './external-identifier.js';

describe('external identifiers', () => {
  it('takes letters, digits and hyphens up to 40 characters, not hyphens alone', () => {
    for (const value of ['MRN-1001', 'mrn-1001', '1001', 'A', '-A-', 'X'.repeat(40)])
      expect(isExternalIdentifierValue(value)).toBe(true);
    for (const value of ['', '-', '---', 'MRN 1001', 'MRN_1001', 'MRN/1001', 'MRN-1001\n', 'Ä1', 'X'.repeat(41)]) {
      expect(isExternalIdentifierValue(value)).toBe(false);
    }
  });

  it('names the fields of an identifier that cannot be stored', () => {
    const hospital = '0193a1f2-0000-7000-8000-0000000000aa';
    expect(externalIdentifierProblems({ assignerHospitalId: hospital, value: 'MRN-1001' })).toEqual([]);
    expect(externalIdentifierProblems({ assignerHospitalId: 'h1', value: 'MRN 1001' }).map((p) => p.field)).toEqual([
      'assignerHospitalId',
      'value',
    ]);
  });
});

describe('externalPatientChanges', () => {
  const stored = { firstName: 'Marta', lastName: 'Quintela', dateOfBirth: '1984-02-29' };

  it('changes nothing when the sender agrees', () => {
    expect(externalPatientChanges(stored, { ...stored })).toEqual({});
  });

  it('changes only the fields that differ', () => {
    expect(externalPatientChanges(stored, { ...stored, lastName: 'Quintela-Reis' })).toEqual({ lastName: 'Quintela-Reis' });
    expect(externalPatientChanges(stored, { firstName: 'Martha', lastName: 'Quintela', dateOfBirth: '1984-03-01' })).toEqual({
      firstName: 'Martha',
      dateOfBirth: '1984-03-01',
    });
  });

  it('compares exactly: case and accents the sender changed are changes', () => {
    expect(externalPatientChanges(stored, { ...stored, firstName: 'MARTA' })).toEqual({ firstName: 'MARTA' });
    expect(externalPatientChanges(stored, { ...stored, lastName: 'Quintelá' })).toEqual({ lastName: 'Quintelá' });
  });
});
