/**
 * ICD-10 codes as the EMR stores them: a letter, a digit, a digit or (in
 * ICD-10-CM's C4A, D3A, M1A, O9A, Z3A) a letter, then optionally a dot and
 * one to four letters or digits (I21, I21.4, S72.001A, M1A.0). Clients
 * and catalogue files may write them in lower case or without the dot
 * (i214, S72001A); both are normalised to the dotted upper-case form, so one
 * code has one spelling in the catalogue, the records and their searches.
 */
export const ICD10_CODE_PATTERN = /^[A-Z][0-9][0-9A-Z](\.[A-Z0-9]{1,4})?$/;
const UNDOTTED = /^([A-Z][0-9][0-9A-Z])([A-Z0-9]{1,4})$/;

export const ICD10_CODE_MESSAGE =
  'must be an ICD-10 code: a letter, a digit, a digit or letter, then optionally a dot and up to four letters or digits (I21, I21.4, S72.001A, M1A.0)';

/** The code in its stored form, or undefined when it is not an ICD-10 code of that form. */
export function normaliseIcd10Code(raw: string): string | undefined {
  const upper = raw.trim().toUpperCase();
  if (ICD10_CODE_PATTERN.test(upper)) return upper;
  const undotted = UNDOTTED.exec(upper);
  return undotted ? `${undotted[1]}.${undotted[2]}` : undefined;
}

/** The longest display text a code carries (catalogue or client). */
export const MAX_DISPLAY_LENGTH = 500;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A display text as stored: trimmed, 1 to 500 characters, no control characters; undefined otherwise. */
export function normaliseDisplay(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_DISPLAY_LENGTH || CONTROL.test(trimmed)) return undefined;
  return trimmed;
}

const CODE_PREFIX = /^[A-Z]([0-9]([0-9A-Z](\.?[A-Z0-9]{0,4})?)?)?$/;

/**
 * A search term read as the start of a code, in the stored form (i21 → I21,
 * I214 → I21.4), or undefined when it cannot start one (then only display
 * texts are searched).
 */
export function codePrefixOf(term: string): string | undefined {
  const upper = term.trim().toUpperCase();
  if (!CODE_PREFIX.test(upper)) return undefined;
  return upper.length > 3 && upper[3] !== '.' ? `${upper.slice(0, 3)}.${upper.slice(3)}` : upper;
}
