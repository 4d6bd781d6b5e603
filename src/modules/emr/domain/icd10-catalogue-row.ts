import { ICD10_CODE_MESSAGE, MAX_DISPLAY_LENGTH, normaliseDisplay, normaliseIcd10Code } from './icd10-code.js';

/** The header a catalogue file starts with: `code,display` (any case, spaces around names ignored). */
export const CATALOGUE_HEADER = ['code', 'display'] as const;

export type CatalogueRowCheck =
  { readonly ok: true; readonly code: string; readonly display: string } | { readonly ok: false; readonly problem: string };

/** Whether the first record is the header. */
export function isCatalogueHeader(cells: readonly string[]): boolean {
  return cells.length === 2 && cells.every((cell, i) => cell.trim().toLowerCase() === CATALOGUE_HEADER[i]);
}

/**
 * One data record of a catalogue file: two cells, an ICD-10 code (normalised
 * as the API normalises codes) and its display text. Problems name the
 * column and never quote the cell.
 */
export function checkCatalogueRow(cells: readonly string[]): CatalogueRowCheck {
  if (cells.length !== 2) return { ok: false, problem: `expected 2 cells (code,display), found ${cells.length}` };
  const code = normaliseIcd10Code(cells[0]);
  if (!code) return { ok: false, problem: `code ${ICD10_CODE_MESSAGE}` };
  const display = normaliseDisplay(cells[1]);
  if (!display || display.includes('\uFFFD')) {
    return {
      ok: false,
      problem: `display must be 1 to ${MAX_DISPLAY_LENGTH} characters of UTF-8 text without control characters or line breaks`,
    };
  }
  return { ok: true, code, display };
}
