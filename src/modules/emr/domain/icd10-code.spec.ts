import { describe, expect, it } from '@jest/globals';
import { codePrefixOf, normaliseDisplay, normaliseIcd10Code } from './icd10-code.js';

describe('ICD-10 codes', () => {
  it('takes a letter and two digits, optionally a dot and up to four letters or digits', () => {
    for (const code of ['I21', 'I21.4', 'S72.001A', 'Z00.00', 'E11.9']) expect(normaliseIcd10Code(code)).toBe(code);
  });

  it('takes ICD-10-CM categories ending in a letter, dotted or not', () => {
    for (const code of ['C4A', 'C4A.0', 'M1A.0711', 'O9A.111', 'Z3A.39', 'D3A.00']) expect(normaliseIcd10Code(code)).toBe(code);
    expect(normaliseIcd10Code('m1a0711')).toBe('M1A.0711');
    expect(codePrefixOf('z3a')).toBe('Z3A');
    expect(codePrefixOf('z3a3')).toBe('Z3A.3');
  });

  it('normalises case, surrounding spaces and a missing dot to the stored form', () => {
    expect(normaliseIcd10Code(' i21.4 ')).toBe('I21.4');
    expect(normaliseIcd10Code('I214')).toBe('I21.4');
    expect(normaliseIcd10Code('s72001a')).toBe('S72.001A');
  });

  it('refuses every other form', () => {
    for (const bad of [
      '',
      'I2',
      '121',
      'II1',
      'IA1',
      'I21.',
      'I21.12345',
      'I2112345',
      'I21-4',
      'I21 4',
      'I21.4†',
      'G01*',
      '.I21',
    ]) {
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
