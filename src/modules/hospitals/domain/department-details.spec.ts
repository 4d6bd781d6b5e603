import { describe, expect, it } from '@jest/globals';
import { checkDepartmentDetails, sameDepartmentCode } from './department-details.js';

describe('checkDepartmentDetails', () => {
  it.each(['CARD', 'er-2', 'ICU_1', 'A', 'X'.repeat(20)])('accepts the code %s', (code) => {
    expect(() => checkDepartmentDetails({ name: 'Cardiology', code })).not.toThrow();
  });

  it.each(['', '-ER', 'ER 2', 'X'.repeat(21), 'Ünfall'])('refuses the code %j', (code) => {
    expect(() => checkDepartmentDetails({ code })).toThrow(/invalid fields/);
  });

  it('refuses an empty or over-long name', () => {
    expect(() => checkDepartmentDetails({ name: '' })).toThrow(/invalid fields/);
    expect(() => checkDepartmentDetails({ name: 'x'.repeat(201) })).toThrow(/invalid fields/);
  });

  it('compares codes whatever their case', () => {
    expect(sameDepartmentCode('Card', 'CARD')).toBe(true);
    expect(sameDepartmentCode('CARD', 'CARD2')).toBe(false);
  });
});
