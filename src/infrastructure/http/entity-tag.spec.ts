import { describe, expect, it } from '@jest/globals';
import { parseIfMatch } from './entity-tag.js';

describe('parseIfMatch', () => {
  it('reads strong, weak and bare version tags', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(' 7 ')).toBe(7);
  });

  it('treats an absent header as missing and anything unreadable as a version nobody has', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch('*')).toBe(0);
    expect(parseIfMatch('"1", "2"')).toBe(0);
    expect(parseIfMatch('"abc"')).toBe(0);
  });
});
