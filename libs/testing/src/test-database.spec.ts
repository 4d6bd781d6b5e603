import { describe, expect, it } from '@jest/globals';
import { assertTestDatabaseUrl } from './test-database.js';

describe('assertTestDatabaseUrl', () => {
  it('accepts a database whose name contains "test"', () => {
    expect(assertTestDatabaseUrl('postgres://postgres@127.0.0.1:5432/hms_test_abc')).toBe('hms_test_abc');
  });

  it.each(['postgres://postgres@127.0.0.1:5432/hms', 'postgres://postgres@127.0.0.1:5432/postgres'])('refuses %s', (url) => {
    expect(() => assertTestDatabaseUrl(url)).toThrow(/must contain "test"/);
  });
});
