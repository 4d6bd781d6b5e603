/**
 * A visit account number, unique per hospital. Generated ones are `V`, a
 * 9-digit sequence number and its Luhn check digit (V0000000018), like
 * patients' MRNs; external ones (from another system) are accepted as they
 * come, within this format: a capital or digit, then 3 to 39 capitals,
 * digits, `-`, `/` or `.`.
 */
export const ACCOUNT_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9\-/.]{3,39}$/;
export const GENERATED_ACCOUNT_PREFIX = 'V';
const GENERATED_DIGITS = 9;

/** The Luhn (mod 10) check digit to append to a string of digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new Error('luhnCheckDigit takes digits only');
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function generateAccountNumber(sequence: bigint | number): string {
  const digits = String(sequence).padStart(GENERATED_DIGITS, '0');
  return `${GENERATED_ACCOUNT_PREFIX}${digits}${luhnCheckDigit(digits)}`;
}

export function isValidAccountNumber(value: string): boolean {
  return ACCOUNT_NUMBER_PATTERN.test(value);
}
