import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@hms/ddd';
import { checkCareLink } from './care-link.js';

describe('checkCareLink', () => {
  it('takes a known kind, a UUID and a short source', () => {
    expect(() => checkCareLink('user', '0193a1f2-0000-7000-8000-000000000001', 'appointment')).not.toThrow();
  });

  it('names every invalid part', () => {
    let error: unknown;
    try {
      checkCareLink('ward', 'not-a-uuid', '');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields.map((f) => f.field)).toEqual(['kind', 'refId', 'source']);
  });
});
