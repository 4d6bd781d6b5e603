import { describe, expect, it } from '@jest/globals';
import { checkCatalogueRow, isCatalogueHeader } from './icd10-catalogue-row.js';

describe('ICD-10 catalogue rows', () => {
  it('recognises the header in any case', () => {
    expect(isCatalogueHeader(['code', 'display'])).toBe(true);
    expect(isCatalogueHeader([' Code ', 'DISPLAY'])).toBe(true);
    expect(isCatalogueHeader(['display', 'code'])).toBe(false);
    expect(isCatalogueHeader(['I21', 'Acute myocardial infarction'])).toBe(false);
  });

  it('normalises codes and display texts as the API does', () => {
    expect(checkCatalogueRow(['i214', '  Acute subendocardial myocardial infarction '])).toEqual({
      ok: true,
      code: 'I21.4',
      display: 'Acute subendocardial myocardial infarction',
    });
  });

  it('names what is wrong without quoting the cell', () => {
    const bad = checkCatalogueRow(['21I', 'Secret display']);
    expect(bad).toEqual({ ok: false, problem: expect.stringMatching(/^code must be an ICD-10 code/) });
    expect(JSON.stringify(bad)).not.toContain('21I');
    expect(checkCatalogueRow(['I21'])).toEqual({ ok: false, problem: 'expected 2 cells (code,display), found 1' });
    expect(checkCatalogueRow(['I21', ''])).toMatchObject({ ok: false, problem: expect.stringMatching(/^display must be/) });
    expect(checkCatalogueRow(['I21', 'bad \uFFFD byte'])).toMatchObject({ ok: false });
  });
});
