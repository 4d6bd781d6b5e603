import type { InvalidField } from '@hms/ddd';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes whatever it is given; a cap keeps one request from costing seconds. */
export const PASSWORD_MAX_LENGTH = 128;

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

function isSequential(lower: string): boolean {
  return KEYBOARD_ROWS.some((row) => row.includes(lower) || row.split('').reverse().join('').includes(lower));
}

/**
 * NIST SP 800-63B style: length over composition rules, no common or
 * context-specific passwords. Returns every rule broken (empty when fine).
 * Messages never repeat the password.
 */
export function checkPassword(password: string, email: string): InvalidField[] {
  const problems: InvalidField[] = [];
  const field = 'password';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push({ field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` });
  if (length > PASSWORD_MAX_LENGTH) problems.push({ field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` });
  const lower = password.toLowerCase();
  const emailLower = email.trim().toLowerCase();
  const localPart = emailLower.split('@')[0] ?? '';
  if (COMMON_PASSWORDS.has(lower)) problems.push({ field, message: 'is too common' });
  if (lower === emailLower || (localPart.length >= 4 && lower.includes(localPart))) {
    problems.push({ field, message: 'must not be or contain the email address' });
  }
  if (/^(.)\1+$/.test(password)) problems.push({ field, message: 'must not repeat a single character' });
  else if (length >= 4 && isSequential(lower)) problems.push({ field, message: 'must not be a keyboard or alphabet sequence' });
  return problems;
}
