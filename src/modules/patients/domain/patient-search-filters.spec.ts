import { describe, expect, it } from '@jest/globals';
import { invalidFieldsOf } from '@hms/testing';
import { checkSearchFilters, filterNamesOf } from './patient-search-filters.js';

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
    expect(invalidFieldsOf(() => checkSearchFilters({ firstName: 'Marta' }))).toEqual(['firstName']);
    expect(invalidFieldsOf(() => checkSearchFilters({ firstName: 'Marta', lastName: 'Quintela' }))).toEqual([]);
  });

  it('refuses values that normalise to nothing', () => {
    expect(
      invalidFieldsOf(() => checkSearchFilters({ lastName: '--', dateOfBirth: '1980-02-30', phone: '()', nationalId: '- -' })),
    ).toEqual(['lastName', 'dateOfBirth', 'phone', 'nationalId']);
  });
});
