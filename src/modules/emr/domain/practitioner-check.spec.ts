import { describe, expect, it } from '@jest/globals';
import { isDoctor, mayServeAt, type Practitioner } from './practitioner-check.js';

const practitioner = (over: Partial<Practitioner> = {}): Practitioner => ({
  id: 'u1',
  profession: 'doctor',
  hospitalId: 'h1',
  status: 'active',
  ...over,
});

describe('practitioners on encounters', () => {
  it('recognises doctors by profession, trimmed and in any case', () => {
    for (const profession of ['doctor', ' Doctor ', 'PHYSICIAN']) expect(isDoctor({ profession })).toBe(true);
    for (const profession of ['nurse', 'doctoral student', '', null]) expect(isDoctor({ profession })).toBe(false);
  });

  it('names only users that are not deactivated, of the encounter’s hospital or of none', () => {
    expect(mayServeAt(practitioner(), 'h1')).toBe(true);
    expect(mayServeAt(practitioner({ hospitalId: null }), 'h1')).toBe(true);
    expect(mayServeAt(practitioner({ status: 'locked' }), 'h1')).toBe(true);
    expect(mayServeAt(practitioner({ status: 'deactivated' }), 'h1')).toBe(false);
    expect(mayServeAt(practitioner({ hospitalId: 'h2' }), 'h1')).toBe(false);
  });
});
