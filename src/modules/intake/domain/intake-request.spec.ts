import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@hms/ddd';
import { TooManyIntakeRecordsError } from './intake-errors.js';
import { checkIntakeRequest } from './intake-request.js';

const record = {
  mrn: 'MRN-1',
  first_name: 'A',
  last_name: 'B',
  birth_date: '2000-01-01',
  visit_account_number: 'V-1',
  visit_date: '2026-01-01',
  reason: 'r',
};

function refusal(body: unknown, max = 3): InvalidInputError {
  try {
    checkIntakeRequest(body, max);
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error('accepted');
}

describe('a JSON feed checked whole', () => {
  it('accepts an array of records, missing and null fields left to the record checks', () => {
    expect(checkIntakeRequest([record, { mrn: 'MRN-2', reason: null }], 3)).toHaveLength(2);
  });

  it('refuses what is not an array, an empty array, and more than the limit', () => {
    expect(refusal({ records: [record] }).fields).toEqual([{ field: 'body', message: 'body must be a JSON array of records' }]);
    expect(refusal([]).message).toBe('The feed holds no records');
    const tooMany = refusal([record, record, record, record]);
    expect(tooMany).toBeInstanceOf(TooManyIntakeRecordsError);
    expect(tooMany.details).toEqual({ limit: 3 });
  });

  it('names unknown fields, non-objects and non-text values by record, never their values', () => {
    const error = refusal([{ ...record, gender: 'F' }, 'MRN-9', { ...record, birth_date: 19800101 }]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.fields?.map((f) => f.field)).toEqual(['[0].gender', '[1]', '[2].birth_date']);
    expect(JSON.stringify(error.fields)).not.toContain('19800101');
    expect(JSON.stringify(error.fields)).not.toContain('MRN-9');
  });
});
