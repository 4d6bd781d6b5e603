import { describe, expect, it } from '@jest/globals';
import type { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './request-validation.error.js';

describe('flattenValidationErrors', () => {
  it('gives dotted field paths and names fields that are not allowed', () => {
    const errors = [
      { property: 'name', constraints: { isNotEmpty: 'name should not be empty' }, children: [] },
      { property: 'status', constraints: { whitelistValidation: 'property status should not exist' }, children: [] },
      {
        property: 'address',
        children: [
          { property: 'city', constraints: { maxLength: 'city must be shorter than or equal to 100 characters' }, children: [] },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', message: 'name should not be empty' },
      { field: 'status', message: 'status is not an allowed field' },
      { field: 'address.city', message: 'city must be shorter than or equal to 100 characters' },
    ]);
  });

  it('names an array item by its index in brackets', () => {
    const errors = [
      {
        property: 'observations',
        children: [
          {
            property: '2',
            children: [{ property: 'unit', constraints: { isString: 'unit must be a string' }, children: [] }],
          },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([{ field: 'observations[2].unit', message: 'unit must be a string' }]);
  });
});
