import { describe, expect, it } from '@jest/globals';
import { blindIndex, normaliseEmail, normaliseName, normaliseNationalId, normalisePhone } from './blind-index.js';

const key = Buffer.alloc(32, 5);

describe('blind indexes', () => {
  it('match values that differ only in case, accents, spacing or punctuation', () => {
    const a = blindIndex(key, 'lastName', normaliseName('  Ødegård-Núñez '));
    const b = blindIndex(key, 'lastName', normaliseName('odegard nunez'));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keep different purposes and different keys unrelated', () => {
    expect(blindIndex(key, 'lastName', 'smith')).not.toBe(blindIndex(key, 'firstName', 'smith'));
    expect(blindIndex(key, 'lastName', 'smith')).not.toBe(blindIndex(Buffer.alloc(32, 6), 'lastName', 'smith'));
  });

  it('normalise phones, emails and national ids', () => {
    expect(normalisePhone('+44 (0)20-7946.0958')).toBe('4402079460958');
    expect(normaliseEmail(' Ward.Nurse@Hospital.Example ')).toBe('ward.nurse@hospital.example');
    expect(normaliseNationalId('ab 12-34 56c')).toBe('AB123456C');
  });
});
