import type { InvalidField } from '@hms/ddd';
import { estimatePasswordStrength } from './password-strength.js';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes whatever it is given, and zxcvbn's cost grows with the length: a cap keeps one request cheap. */
export const PASSWORD_MAX_LENGTH = 128;
/**
 * The lowest zxcvbn score accepted (0-4). 3 means an estimated 10^8 guesses or more: beyond
 * online guessing, and slow to crack offline against argon2id hashes.
 */
export const PASSWORD_MIN_STRENGTH = 3;

/** What the OpenAPI says about every field that sets a password. */
export const PASSWORD_POLICY_SUMMARY =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, and hard to guess: zxcvbn strength at least ` +
  `${PASSWORD_MIN_STRENGTH} of 4, so no common or breached password, keyboard pattern, or one built from the ` +
  `account's email or name. A few uncommon words make a good one.`;

/** Whose password it is: what an attacker who knows the account would try first. */
export interface PasswordOwner {
  readonly email: string;
  readonly displayName?: string | null;
}

/** The email, the name and their parts, as zxcvbn user inputs. */
function personalWords({ email, displayName }: PasswordOwner): string[] {
  const address = email.trim().toLowerCase();
  const [localPart = '', domain = ''] = address.split('@');
  const name = (displayName ?? '').trim().toLowerCase();
  const words = `${localPart} ${domain} ${name}`.split(/[^\p{L}\p{N}]+/u);
  const candidates = [address, localPart, localPart.replace(/[^\p{L}\p{N}]+/gu, ''), name, name.replace(/\s+/g, ''), ...words];
  // Two-letter parts ("jo", "uk") would only add noise.
  return [...new Set(candidates.filter((word) => word.length >= 3))];
}

/**
 * NIST SP 800-63B style: length over composition rules, no common, breached or
 * context-specific passwords. Returns every rule broken (empty when fine).
 * Messages never repeat the password or the owner's email or name.
 */
export async function checkPassword(password: string, owner: PasswordOwner): Promise<InvalidField[]> {
  const problems: InvalidField[] = [];
  const field = 'password';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push({ field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` });
  if (length > PASSWORD_MAX_LENGTH) problems.push({ field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` });
  const lower = password.toLowerCase();
  const emailLower = owner.email.trim().toLowerCase();
  const localPart = emailLower.split('@')[0] ?? '';
  // zxcvbn only weighs the email as one guessable word, so a long passphrase around it could pass.
  if (lower === emailLower || (localPart.length >= 4 && lower.includes(localPart))) {
    problems.push({ field, message: 'must not be or contain the email address' });
  }
  // The length cap bounds zxcvbn's cost too, so an over-long password is not analysed.
  if (length > PASSWORD_MAX_LENGTH) return problems;
  const strength = await estimatePasswordStrength(password, personalWords(owner));
  if (strength.score < PASSWORD_MIN_STRENGTH) {
    const reasons = [strength.warning, ...strength.suggestions].filter(Boolean).join(' ');
    problems.push({ field, message: reasons ? `is too easy to guess: ${reasons}` : 'is too easy to guess' });
  }
  return problems;
}
