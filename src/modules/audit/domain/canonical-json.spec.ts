import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('writes the same text whatever the key order, at every depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('hashes a value and its stored form alike: undefined keys dropped, undefined items null, dates as ISO text', () => {
    const value = { kept: null, dropped: undefined, list: [undefined, 2], at: new Date('2026-11-22T10:00:00.123Z') };
    const stored: unknown = JSON.parse(JSON.stringify(value));
    expect(canonicalJson(value)).toBe(canonicalJson(stored));
    expect(canonicalJson(value)).toBe('{"at":"2026-11-22T10:00:00.123Z","kept":null,"list":[null,2]}');
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ s: 'quote " and \\ and \n and é' })).toBe(JSON.stringify({ s: 'quote " and \\ and \n and é' }));
  });
});
