import { codePointLength, hasControlCharacter, isCalendarDate } from '@hms/ddd';

/** The fields of an intake record, exactly, in the order a stored intake file writes them (issue 18). */
export const INTAKE_FIELDS = [
  'mrn',
  'first_name',
  'last_name',
  'birth_date',
  'visit_account_number',
  'visit_date',
  'reason',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

/** Longest value of each text field, in code points. */
export const INTAKE_MAX_LENGTH: Readonly<Record<Exclude<IntakeField, 'birth_date' | 'visit_date'>, number>> = {
  mrn: 40,
  first_name: 100,
  last_name: 100,
  visit_account_number: 40,
  reason: 500,
};

/** A record that passed every check, its texts trimmed. */
export interface IntakeRecord {
  /** The sending system's MRN: the patient's external identifier, assigned by the receiving hospital. */
  readonly mrn: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly visitAccountNumber: string;
  readonly visitDate: string;
  readonly reason: string;
}

export interface IntakeFieldError {
  readonly field: IntakeField;
  readonly message: string;
}

export type IntakeRecordCheck =
  | { readonly valid: true; readonly record: IntakeRecord }
  | { readonly valid: false; readonly errors: readonly IntakeFieldError[] };

/** Letters, digits and hyphens, at least one of them not a hyphen: a sending system's identifier, no check digit. */
const IDENTIFIER = /^[A-Za-z0-9-]*[A-Za-z0-9][A-Za-z0-9-]*$/;
/**
 * A visit number as the EMR keeps external ones (ADR 39): 4 to 40 characters, a letter or digit first.
 * Checked here so that the sender reads the rule in the feed's own terms.
 */
const VISIT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/;
const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;

const KNOWN = new Set<string>(INTAKE_FIELDS);

/** The names of a record that are not intake fields: a request carrying any is refused whole. */
export function unknownIntakeFields(raw: object): string[] {
  return Object.keys(raw).filter((name) => !KNOWN.has(name));
}

/**
 * Checks one record as sent (JSON values or CSV cells), every field at once:
 * a field missing or empty, not text, a date that is no calendar date, a
 * birth date after `today` (the receiving hospital's date) or after the
 * visit, a visit after `today`, an identifier with characters other than
 * letters, digits and hyphens, text over its length or with control
 * characters. Text that looks like a spreadsheet formula is kept verbatim:
 * exports make it safe, storage does not alter it.
 */
export function checkIntakeRecord(raw: Readonly<Record<string, unknown>>, today: string): IntakeRecordCheck {
  const errors: IntakeFieldError[] = [];
  const text = (field: IntakeField): string => {
    const value = raw[field];
    if (value === undefined || value === null) {
      errors.push({ field, message: `${field} is required` });
      return '';
    }
    if (typeof value !== 'string') {
      errors.push({ field, message: `${field} must be text` });
      return '';
    }
    const trimmed = value.trim();
    const max = (INTAKE_MAX_LENGTH as Partial<Record<IntakeField, number>>)[field];
    if (trimmed === '') errors.push({ field, message: `${field} must not be empty` });
    else if (hasControlCharacter(trimmed, { lineBreaks: field === 'reason' })) {
      errors.push({ field, message: `${field} must not contain control characters` });
    } else if (max !== undefined && codePointLength(trimmed) > max) {
      errors.push({ field, message: `${field} must be at most ${max} characters` });
    }
    return trimmed;
  };
  const identifier = (field: 'mrn' | 'visit_account_number'): string => {
    const before = errors.length;
    const value = text(field);
    if (errors.length === before && !IDENTIFIER.test(value)) {
      errors.push({ field, message: `${field} may hold only letters, digits and hyphens` });
    } else if (errors.length === before && field === 'visit_account_number' && !VISIT_NUMBER.test(value)) {
      errors.push({ field, message: 'visit_account_number must be 4 to 40 characters, starting with a letter or digit' });
    }
    return value;
  };
  const date = (field: 'birth_date' | 'visit_date'): string | undefined => {
    const before = errors.length;
    const value = text(field);
    if (errors.length !== before) return undefined;
    if (!DATE_FORM.test(value)) errors.push({ field, message: `${field} must be a date written YYYY-MM-DD` });
    else if (!isCalendarDate(value)) errors.push({ field, message: `${field} is not a real calendar date` });
    else if (value > today) errors.push({ field, message: `${field} must not be in the future` });
    else return value;
    return undefined;
  };

  const mrn = identifier('mrn');
  const firstName = text('first_name');
  const lastName = text('last_name');
  const birthDate = date('birth_date');
  const visitAccountNumber = identifier('visit_account_number');
  const visitDate = date('visit_date');
  const reason = text('reason');
  if (birthDate && visitDate && birthDate > visitDate) {
    errors.push({ field: 'birth_date', message: 'birth_date must not be after visit_date' });
  }
  if (errors.length > 0 || !birthDate || !visitDate) return { valid: false, errors };
  return { valid: true, record: { mrn, firstName, lastName, birthDate, visitAccountNumber, visitDate, reason } };
}

/** What is wrong with a CSV header, or null when it names every intake field once, in any order and case. */
export function checkIntakeHeader(
  cells: readonly string[],
): { readonly missing: string[]; readonly unknown: string[]; readonly repeated: string[] } | null {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of names) (seen.has(name) ? repeated : seen).add(name);
  const missing = INTAKE_FIELDS.filter((field) => !seen.has(field));
  const unknown = [...seen].filter((name) => !KNOWN.has(name));
  return missing.length || unknown.length || repeated.size ? { missing, unknown, repeated: [...repeated] } : null;
}
