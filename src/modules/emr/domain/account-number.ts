import { luhnCheckDigit } from '@hms/ddd';

/**
 * A visit account number, unique per hospital. Generated ones are `V`, a
 * 9-digit sequence number and its Luhn check digit (V0000000018), like
 * patients' MRNs; external ones (from another system) are accepted as they
 * come, within this format: a letter or digit, then 3 to 39 letters, digits,
 * `-`, `/` or `.`. Letters of either case: senders write their numbers in
 * lowercase too, and a number is kept as sent (ADR 39).
 */
export const ACCOUNT_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-/.]{3,39}$/;
export const ACCOUNT_NUMBER_FORMAT = '4 to 40 letters, digits, -, / or ., starting with a letter or digit';
export const GENERATED_ACCOUNT_PREFIX = 'V';
const GENERATED_DIGITS = 9;

export function generateAccountNumber(sequence: bigint | number): string {
  const digits = String(sequence).padStart(GENERATED_DIGITS, '0');
  return `${GENERATED_ACCOUNT_PREFIX}${digits}${luhnCheckDigit(digits)}`;
}

export function isValidAccountNumber(value: string): boolean {
  return ACCOUNT_NUMBER_PATTERN.test(value);
}
