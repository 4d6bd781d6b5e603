import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@hms/ddd';
import { checkSearchFilters, filterNamesOf } from './patient-search-filters.js';

function fieldsOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).fields.map((f) => f.field);
  }
  return [];
}

describe('patient search filters', () => {
  it('names the filters in use, in a fixed order, without their values', () => {
    expect(filterNamesOf({ dateOfBirth: '1980-01-01', lastName: 'Test', status: 'active' })).toEqual([
      'lastName',
      'dateOfBirth',
      'status',
    ]);
    expect(filterNamesOf({})).toEqual([]);
  });

  it('takes a first name only with a last name', () => {
    expect(fieldsOf(() => checkSearchFilters({ firstName: 'Marta' }))).toEqual(['firstName']);
    expect(fieldsOf(() => checkSearchFilters({ firstName: 'Marta', lastName: 'Quintela' }))).toEqual([]);
  });

  it('refuses values that normalise to nothing', () => {
    expect(
      fieldsOf(() => checkSearchFilters({ lastName: '--', dateOfBirth: '1980-02-30', phone: '()', nationalId: '- -' })),
    ).toEqual(['lastName', 'dateOfBirth', 'phone', 'nationalId']);
  });
});
