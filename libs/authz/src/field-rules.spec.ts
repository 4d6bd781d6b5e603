import { describe, expect, it } from '@jest/globals';
import { holds, mask } from './field-rules.js';

describe('field rules', () => {
  it('a permission is held with or without a scope', () => {
    expect(holds(['patients:read-sensitive'], 'patients:read-sensitive')).toBe(true);
    expect(holds(['patients:read-sensitive:department'], 'patients:read-sensitive')).toBe(true);
    expect(holds(['patients:read'], 'patients:read-sensitive')).toBe(false);
  });

  it('masks all but the last characters', () => {
    expect(mask('AB1234567C')).toBe('******567C');
    expect(mask('123')).toBe('***');
    expect(mask(null)).toBeNull();
  });
});
