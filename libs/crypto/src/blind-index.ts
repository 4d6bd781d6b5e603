import { createHmac } from 'node:crypto';

/** Bytes of HMAC kept: 16 (128 bits) makes accidental collisions negligible and leaks no more than a full MAC. */
const INDEX_BYTES = 16;

/**
 * Keyed hash of a normalised value, for exact-match search over encrypted
 * fields. It reveals which rows share a value (and, for low-entropy fields
 * such as birth dates, frequency); it never reveals the value without the key.
 * The purpose label keeps indexes of different fields unrelated.
 */
export function blindIndex(key: Buffer, purpose: string, normalised: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${normalised}`).digest().subarray(0, INDEX_BYTES).toString('hex');
}

/** Letters that carry no combining mark to strip, so NFKD leaves them whole. */
const FOLD: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Case, accents, punctuation and spacing do not matter for names. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (letter) => FOLD[letter])
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Only the digits of a phone number count. */
export function normalisePhone(value: string): string {
  return value.replace(/\D/g, '');
}

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** National ids compared without spaces, dashes or case. */
export function normaliseNationalId(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
