import { describe, expect, it } from '@jest/globals';
import { codePointLength, hasControlCharacter } from './text.js';

describe('text rules', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('Ana')).toBe(3);
    expect(codePointLength('é'.repeat(4))).toBe(4);
    expect(codePointLength('𝔸𝔹')).toBe(2);
  });

  it('finds control characters, line breaks allowed only when asked', () => {
    expect(hasControlCharacter('Ada Lovelace', { lineBreaks: false })).toBe(false);
    expect(hasControlCharacter('Ada\u0000', { lineBreaks: true })).toBe(true);
    expect(hasControlCharacter('Ada\u007f', { lineBreaks: true })).toBe(true);
    expect(hasControlCharacter('line\r\nnext\tcell', { lineBreaks: true })).toBe(false);
    expect(hasControlCharacter('line\nnext', { lineBreaks: false })).toBe(true);
  });
});
