import { describe, expect, it } from '@jest/globals';
import { invalidFieldsOf } from '@hms/testing';
import { checkCareLink } from './care-link.js';

describe('checkCareLink', () => {
  it('takes a known kind, a UUID and a short source', () => {
    expect(() => checkCareLink('user', '0193a1f2-0000-7000-8000-000000000001', 'appointment')).not.toThrow();
  });

  it('names every invalid part', () => {
    expect(invalidFieldsOf(() => checkCareLink('ward', 'not-a-uuid', ''))).toEqual(['kind', 'refId', 'source']);
  });
});
