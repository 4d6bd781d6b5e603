import { describe, expect, it } from '@jest/globals';
import { checkPhone, checkRequiredText } from './hospital-fields.js';

describe('checkRequiredText', () => {
  it('accepts up to 200 characters, counted as code points', () => {
    expect(checkRequiredText('name', 'Riverside General Hospital')).toBeUndefined();
    expect(checkRequiredText('name', 'x'.repeat(200))).toBeUndefined();
    expect(checkRequiredText('name', '🏥'.repeat(200))).toBeUndefined();
    expect(checkRequiredText('address', '12 Harbour Road\nUnit 4')).toBeUndefined();
  });

  it('refuses empty, too long, and control characters', () => {
    expect(checkRequiredText('name', '')).toBe('name is required');
    expect(checkRequiredText('address', 'x'.repeat(201))).toBe('address must be at most 200 characters');
    expect(checkRequiredText('name', 'Bell\u0007 Clinic')).toBe('name must not contain control characters');
  });
});

describe('checkPhone', () => {
  it.each(['+351 21 000 0000', '(555) 010-4477', '555.010.4477', '1234567', '+'.concat('1'.repeat(20))])(
    'accepts %s',
    (phone) => {
      expect(checkPhone(phone)).toBeUndefined();
    },
  );

  it.each([
    '123456',
    '1'.repeat(21),
    '555-CALL-NOW',
    '++1 555 010 4477',
    '555 010 4477 ext 2',
    '555/010/4477',
    '1+5550104477',
    '1 - 2 - 3 - 4 - 5 - 6 - 7 - 8 - 9 - 0 - 1',
  ])('refuses %s', (phone) => {
    expect(checkPhone(phone)).toMatch(/^phone must hold 7 to 20 digits/);
  });
});
