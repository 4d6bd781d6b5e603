/**
 * Rules on a hospital's own fields, shared by the registry (POST/PATCH
 * /hospitals) and the CSV import. The database repeats the length limits as
 * CHECK constraints.
 */
export const MAX_TEXT_LENGTH = 200;
export const MIN_PHONE_DIGITS = 7;
export const MAX_PHONE_DIGITS = 20;
/** Digits plus formatting; the database checks the same bound. */
export const MAX_PHONE_LENGTH = 40;

const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/;

/** Tab, line feed and carriage return may appear (a multi-line address); other control characters may not. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Length as PostgreSQL counts it: code points, not UTF-16 units. */
function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** Name or address: required, at most 200 characters, no control characters. Returns what is wrong, if anything. */
export function checkRequiredText(label: string, value: string): string | undefined {
  if (value.length === 0) return `${label} is required`;
  if (characterCount(value) > MAX_TEXT_LENGTH) return `${label} must be at most ${MAX_TEXT_LENGTH} characters`;
  if (hasControlCharacter(value)) return `${label} must not contain control characters`;
  return undefined;
}

/** A phone number: digits with an optional leading +, spaces, dashes, dots and parentheses; 7 to 20 digits. */
export function checkPhone(value: string): string | undefined {
  const digits = value.replace(/[^0-9]/g, '').length;
  const malformed = !PHONE_CHARACTERS.test(value) || value.length > MAX_PHONE_LENGTH;
  if (malformed || digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) {
    return `phone must hold ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} digits, with only an optional leading +, spaces, dashes, dots and parentheses (${MAX_PHONE_LENGTH} characters at most)`;
  }
  return undefined;
}
