import { describe, expect, it } from '@jest/globals';
import { isUuid, uuidv7 } from './uuid-v7.js';

describe('uuidv7', () => {
  it('produces RFC 9562 version 7 ids with the variant bits set', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('encodes the millisecond timestamp in the first 48 bits', () => {
    const now = Date.UTC(2026, 10, 22, 8, 0, 0);
    const id = uuidv7(now + 10_000_000);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(now + 10_000_000);
  });

  it('sorts in creation order within one millisecond', () => {
    const fixed = Date.now() + 60_000_000;
    const ids = Array.from({ length: 500 }, () => uuidv7(fixed));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
