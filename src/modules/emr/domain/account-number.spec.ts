import { describe, expect, it } from '@jest/globals';
import { luhnCheckDigit } from '@hms/ddd';
import { generateAccountNumber, isValidAccountNumber } from './account-number.js';

describe('visit account numbers', () => {
  it('generates V, nine digits and their Luhn check digit', () => {
    expect(generateAccountNumber(1)).toBe('V0000000018');
    expect(generateAccountNumber(123_456_789n)).toBe(`V123456789${luhnCheckDigit('123456789')}`);
  });

  it('accepts generated and external numbers in the format, letters of either case, and refuses others', () => {
    expect(isValidAccountNumber(generateAccountNumber(42))).toBe(true);
    for (const external of ['ACC-2026/0001', 'HIS.12345', '9876', 'acc-2026-0001', 'abc1', `a${'1'.repeat(39)}`]) {
      expect(isValidAccountNumber(external)).toBe(true);
    }
    for (const bad of ['', 'ab1', 'V1', '-ABC', '-abc', 'A B C D', `A${'1'.repeat(40)}`, 'ÄBCD', 'äbcd', 'abc_1']) {
      expect(isValidAccountNumber(bad)).toBe(false);
    }
  });
});
