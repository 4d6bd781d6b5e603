import { describe, expect, it } from '@jest/globals';
import { JsonTooDeepError, jsonDepthExceeds, MAX_JSON_DEPTH, refuseDeepJson } from './json-depth.js';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonDepthExceeds', () => {
  it('allows the limit and refuses one level more', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(`{"a":${nested(MAX_JSON_DEPTH)}}`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('counts siblings as one level, not their sum', () => {
    expect(jsonDepthExceeds(`[${Array(100).fill('{"a":[1]}').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[', b: 'say \\"{{{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify(['\\', [[[]]]]), 3)).toBe(true);
  });

  it('scans UTF-8 bytes the same as text', () => {
    const body = Buffer.from(JSON.stringify({ name: 'Zoë 漢字 [', list: [[['x']]] }));
    expect(jsonDepthExceeds(body, 4)).toBe(false);
    expect(jsonDepthExceeds(body, 3)).toBe(true);
  });

  it('scans 170,000 levels without a stack overflow', () => {
    expect(jsonDepthExceeds(Buffer.from(nested(170_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('refuseDeepJson', () => {
  it('throws a typed error for body-parser, decoding UTF-16 first', () => {
    expect(() => refuseDeepJson(null, null, Buffer.from(nested(40)), 'utf-8')).toThrow(JsonTooDeepError);
    expect(() => refuseDeepJson(null, null, Buffer.from(nested(40), 'utf16le'), 'utf-16le')).toThrow(JsonTooDeepError);
    expect(() => refuseDeepJson(null, null, Buffer.from('{"a":[1]}'), 'utf-8')).not.toThrow();
  });
});
