import { describe, expect, it } from '@jest/globals';
import { generateMrn, luhnCheckDigit, mrnProblem } from './mrn.js';

describe('medical record numbers', () => {
  it('computes the Luhn check digit', () => {
    // Worked examples of the Luhn algorithm: 7992739871 -> 3, 1 -> 8, 0 -> 0.
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('1')).toBe(8);
    expect(luhnCheckDigit('000000000')).toBe(0);
    expect(() => luhnCheckDigit('12a')).toThrow();
  });

  it('generates prefix + 9 zero-padded digits + check digit', () => {
    expect(generateMrn('MRN', 1)).toBe('MRN0000000018');
    expect(generateMrn('', 42n)).toBe('0000000422');
    expect(generateMrn('H', 1_234_567_890)).toBe(`H1234567890${luhnCheckDigit('1234567890')}`);
    expect(mrnProblem(generateMrn('MRN', 987_654))).toBeUndefined();
  });

  it('accepts a supplied MRN whose last digit checks the digits before it', () => {
    expect(mrnProblem('MRN0000000018')).toBeUndefined();
    expect(mrnProblem('79927398713')).toBeUndefined();
    expect(mrnProblem('ABCDEF79927398713')).toBeUndefined();
  });

  it('tells a wrong check digit from a wrong shape', () => {
    expect(mrnProblem('MRN0000000017')).toBe('check-digit');
    expect(mrnProblem('79927398710')).toBe('check-digit');
    expect(mrnProblem('mrn0000000018')).toBe('format');
    expect(mrnProblem('ABCDEFG0000000018')).toBe('format');
    expect(mrnProblem('MRN123')).toBe('format');
    expect(mrnProblem('MRN-0000000018')).toBe('format');
    expect(mrnProblem(`MRN${'1'.repeat(21)}`)).toBe('format');
    expect(mrnProblem('')).toBe('format');
  });
});
