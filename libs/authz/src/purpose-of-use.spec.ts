import { describe, expect, it } from '@jest/globals';
import {
  PURPOSE_OF_USE_ALIASES,
  PURPOSE_OF_USE_CODES,
  PURPOSE_OF_USE_VALUES,
  PURPOSES_OF_USE,
  toPurposeOfUse,
} from './purpose-of-use.js';

describe('toPurposeOfUse', () => {
  it.each(['TREAT', 'ETREAT', 'HPAYMT', 'HOPERAT', 'PATRQT', 'PUBHLTH', 'HRESCH', 'BTG', 'COC', 'CAREMGT'])(
    'takes the HL7 code %s as written',
    (code) => {
      expect(toPurposeOfUse(code)).toBe(code);
    },
  );

  it.each([
    ['treatment', 'TREAT'],
    ['emergency', 'ETREAT'],
    ['billing', 'HPAYMT'],
    ['registration', 'PATADMIN'],
    ['care-coordination', 'COC'],
    ['research', 'HRESCH'],
  ])('maps the alias %s onto %s', (alias, code) => {
    expect(toPurposeOfUse(alias)).toBe(code);
  });

  it.each(['treat', 'Treat', 'TREATMENT', ' TREAT', 'TREAT,ETREAT', 'follow-up', '', 'constructor', '__proto__', 'toString'])(
    'knows nothing of %j',
    (value) => {
      expect(toPurposeOfUse(value)).toBeUndefined();
    },
  );

  it('maps every alias onto a listed code, and lists each value once', () => {
    for (const code of Object.values(PURPOSE_OF_USE_ALIASES)) expect(PURPOSE_OF_USE_CODES).toContain(code);
    expect(new Set(PURPOSE_OF_USE_VALUES).size).toBe(PURPOSE_OF_USE_VALUES.length);
    // HL7 codes are upper case, aliases lower case: a value is never both.
    for (const code of PURPOSE_OF_USE_CODES) expect(code).toMatch(/^[A-Z]+$/);
    for (const alias of Object.keys(PURPOSE_OF_USE_ALIASES)) expect(alias).toMatch(/^[a-z-]+$/);
    expect(PURPOSES_OF_USE.ETREAT).toBe('Emergency Treatment');
  });
});
