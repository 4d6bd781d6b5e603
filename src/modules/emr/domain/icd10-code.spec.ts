import { describe, expect, it } from '@jest/globals';
import { codePrefixOf, normaliseDisplay, normaliseIcd10Code } from './icd10-code.js';

describe('ICD-10 codes', () => {
  it('takes a letter, two digits and optionally a dot and up to four letters or digits', () => {
    for (const code of ['I21', 'I21.4', 'S72.001A', 'Z00.00', 'E11.9']) expect(normaliseIcd10Code(code)).toBe(code);
  });

  it('normalises case, surrounding spaces and a missing dot to the stored form', () => {
    expect(normaliseIcd10Code(' i21.4 ')).toBe('I21.4');
    expect(normaliseIcd10Code('I214')).toBe('I21.4');
    expect(normaliseIcd10Code('s72001a')).toBe('S72.001A');
  });

  it('refuses every other form', () => {
    for (const bad of ['', 'I2', '121', 'II1', 'I21.', 'I21.12345', 'I2112345', 'I21-4', 'I21 4', 'I21.4†', 'G01*', '.I21']) {
      expect(normaliseIcd10Code(bad)).toBeUndefined();
    }
  });

  it('reads search terms that can start a code as code prefixes, in the stored form', () => {
    expect(codePrefixOf('i')).toBe('I');
    expect(codePrefixOf('i2')).toBe('I2');
    expect(codePrefixOf('I21.')).toBe('I21.');
    expect(codePrefixOf('i214')).toBe('I21.4');
    expect(codePrefixOf('infarct')).toBeUndefined();
    expect(codePrefixOf('21')).toBeUndefined();
  });

  it('keeps display texts trimmed, 1 to 500 characters, without control characters', () => {
    expect(normaliseDisplay('  Acute myocardial infarction ')).toBe('Acute myocardial infarction');
    for (const bad of ['', '   ', 'a\u0000b', 'x'.repeat(501), 'line\nbreak']) expect(normaliseDisplay(bad)).toBeUndefined();
  });
});
