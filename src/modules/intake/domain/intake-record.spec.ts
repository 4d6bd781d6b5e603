import { describe, expect, it } from '@jest/globals';
import { checkIntakeHeader, checkIntakeRecord, INTAKE_FIELDS, unknownIntakeFields } from './intake-record.js';

const TODAY = '2026-12-07';
const valid = {
  mrn: 'MRN-1001',
  first_name: 'Ada',
  last_name: 'Lovelace',
  birth_date: '1985-12-10',
  visit_account_number: 'V-2026-0001',
  visit_date: '2026-12-01',
  reason: 'Follow-up, knee pain',
};
const errorsOf = (raw: Record<string, unknown>) => {
  const check = checkIntakeRecord(raw, TODAY);
  return check.valid ? [] : check.errors;
};
const fieldsOf = (raw: Record<string, unknown>) => errorsOf(raw).map((e) => e.field);

describe('an intake record (issue 18)', () => {
  it('accepts a record with its texts trimmed', () => {
    expect(checkIntakeRecord({ ...valid, first_name: '  Ada ' }, TODAY)).toEqual({
      valid: true,
      record: {
        mrn: 'MRN-1001',
        firstName: 'Ada',
        lastName: 'Lovelace',
        birthDate: '1985-12-10',
        visitAccountNumber: 'V-2026-0001',
        visitDate: '2026-12-01',
        reason: 'Follow-up, knee pain',
      },
    });
  });

  it('names every missing, empty or non-text field at once', () => {
    expect(errorsOf({})).toHaveLength(INTAKE_FIELDS.length);
    expect(errorsOf({ ...valid, mrn: '', first_name: '   ', last_name: 42, reason: null })).toEqual([
      { field: 'mrn', message: 'mrn must not be empty' },
      { field: 'first_name', message: 'first_name must not be empty' },
      { field: 'last_name', message: 'last_name must be text' },
      { field: 'reason', message: 'reason is required' },
    ]);
  });

  it.each([
    [{ birth_date: '10/12/1985' }, 'birth_date', 'birth_date must be a date written YYYY-MM-DD'],
    [{ birth_date: '1985-02-29' }, 'birth_date', 'birth_date is not a real calendar date'],
    [{ visit_date: '2026-04-31' }, 'visit_date', 'visit_date is not a real calendar date'],
    [{ birth_date: '2026-12-08' }, 'birth_date', 'birth_date must not be in the future'],
    [{ visit_date: '2026-12-08' }, 'visit_date', 'visit_date must not be in the future'],
    [{ birth_date: '2026-12-02' }, 'birth_date', 'birth_date must not be after visit_date'],
    [{ mrn: 'MRN 1001' }, 'mrn', 'mrn may hold only letters, digits and hyphens'],
    [{ mrn: 'MRN_1001' }, 'mrn', 'mrn may hold only letters, digits and hyphens'],
    [{ mrn: '---' }, 'mrn', 'mrn may hold only letters, digits and hyphens'],
    [
      { visit_account_number: 'V/2026/1' },
      'visit_account_number',
      'visit_account_number may hold only letters, digits and hyphens',
    ],
    [
      { visit_account_number: 'V-1' },
      'visit_account_number',
      'visit_account_number must be 4 to 40 characters, starting with a letter or digit',
    ],
    [
      { visit_account_number: '-V2026' },
      'visit_account_number',
      'visit_account_number must be 4 to 40 characters, starting with a letter or digit',
    ],
    [{ mrn: `M${'1'.repeat(40)}` }, 'mrn', 'mrn must be at most 40 characters'],
    [{ last_name: 'é'.repeat(101) }, 'last_name', 'last_name must be at most 100 characters'],
    [{ reason: 'x'.repeat(501) }, 'reason', 'reason must be at most 500 characters'],
    [{ first_name: 'Ada\u0000' }, 'first_name', 'first_name must not contain control characters'],
    [{ first_name: 'Ada\nByron' }, 'first_name', 'first_name must not contain control characters'],
  ])('refuses %j: %s', (change, field, message) => {
    expect(errorsOf({ ...valid, ...change })).toEqual([{ field, message }]);
  });

  it('keeps what is at the edges: today, a birth on the visit day, the longest texts, a multi-line reason, formula-like text', () => {
    expect(fieldsOf({ ...valid, birth_date: TODAY, visit_date: TODAY })).toEqual([]);
    expect(fieldsOf({ ...valid, last_name: 'é'.repeat(100), mrn: 'M'.repeat(40), reason: 'x'.repeat(500) })).toEqual([]);
    expect(fieldsOf({ ...valid, visit_account_number: 'v-01', mrn: '-1' })).toEqual([]);
    expect(fieldsOf({ ...valid, reason: 'Chest pain,\r\nshortness of breath' })).toEqual([]);
    const formula = checkIntakeRecord({ ...valid, last_name: '=HYPERLINK("x")', reason: '@SUM(A1)' }, TODAY);
    expect(formula).toMatchObject({ valid: true, record: { lastName: '=HYPERLINK("x")', reason: '@SUM(A1)' } });
    expect(fieldsOf({ ...valid, mrn: '-1001' })).toEqual([]);
  });

  it('names fields that are no intake field, for the whole request to be refused', () => {
    expect(unknownIntakeFields(valid)).toEqual([]);
    expect(unknownIntakeFields({ ...valid, ssn: 'x', firstName: 'Ada' })).toEqual(['ssn', 'firstName']);
  });

  it('checks a CSV header: every field once, in any order and case', () => {
    expect(checkIntakeHeader([...INTAKE_FIELDS].reverse())).toBeNull();
    expect(checkIntakeHeader(INTAKE_FIELDS.map((f) => ` ${f.toUpperCase()} `))).toBeNull();
    expect(
      checkIntakeHeader(['mrn', 'first_name', 'surname', 'birth_date', 'visit_account_number', 'visit_date', 'reason']),
    ).toEqual({
      missing: ['last_name'],
      unknown: ['surname'],
      repeated: [],
    });
    expect(checkIntakeHeader([...INTAKE_FIELDS, 'mrn'])).toEqual({ missing: [], unknown: [], repeated: ['mrn'] });
  });
});
