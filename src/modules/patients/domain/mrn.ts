import { luhnCheckDigit } from '@hms/ddd';

/** A medical record number: up to 6 capital letters, then 4 to 20 digits, the last of which is a Luhn check digit. */
export const MRN_PATTERN = /^[A-Z]{0,6}[0-9]{4,20}$/;
export const MAX_MRN_LENGTH = 26;
/** Digits of the sequence number in a generated MRN, before its check digit. */
export const GENERATED_MRN_DIGITS = 9;

// Re-exported: tests and imports check MRNs against it.
export { luhnCheckDigit };

/** `${prefix}${number zero-padded to 9 digits}${Luhn check digit of those digits}`, e.g. MRN0000000018. */
export function generateMrn(prefix: string, sequence: bigint | number): string {
  const digits = String(sequence).padStart(GENERATED_MRN_DIGITS, '0');
  return `${prefix}${digits}${luhnCheckDigit(digits)}`;
}

export type MrnProblem = 'format' | 'check-digit';

/** What is wrong with a supplied MRN, if anything: its shape (400) or its check digit (422). */
export function mrnProblem(mrn: string): MrnProblem | undefined {
  if (!MRN_PATTERN.test(mrn)) return 'format';
  const digits = mrn.replace(/^[A-Z]*/, '');
  const body = digits.slice(0, -1);
  return luhnCheckDigit(body) === Number(digits.slice(-1)) ? undefined : 'check-digit';
}
