import { describe, expect, it } from '@jest/globals';
import { isUuid, uuidv7 } from './uuid-v7.js';

const bytesOf = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
const timestampOf = (id: string): number => bytesOf(id).readUIntBE(0, 6);

// The generator keeps its last millisecond for the whole file, so every given time here lies
// ahead of any id made before it (a time behind that would be stamped with the later one).
const HOUR = 3_600_000;

describe('uuidv7', () => {
  it('produces RFC 9562 version 7 ids with the variant bits set', () => {
    for (let i = 0; i < 100; i++) {
      const id = uuidv7();
      expect(isUuid(id)).toBe(true);
      const bytes = bytesOf(id);
      expect(bytes[6] >> 4).toBe(0b0111);
      expect(bytes[8] >> 6).toBe(0b10);
    }
  });

  it('encodes exactly the given millisecond in the first 48 bits', () => {
    const at = Date.now() + HOUR + 123;
    const id = uuidv7(at);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
    expect(timestampOf(uuidv7(at + 1))).toBe(at + 1);
    expect(timestampOf(uuidv7(at + 98_765))).toBe(at + 98_765);
  });

  it('keeps ids ordered when the given time goes back: they stay stamped with the later millisecond', () => {
    const later = Date.now() + 2 * HOUR;
    const first = uuidv7(later);
    const second = uuidv7(later - 5_000);
    expect(timestampOf(second)).toBe(later);
    expect(second > first).toBe(true);
  });

  it('sorts in creation order within one millisecond', () => {
    const at = Date.now() + 3 * HOUR;
    // Fewer than the 2048 ids the 12-bit counter always has room for after its random start.
    const ids = Array.from({ length: 500 }, () => uuidv7(at));
    expect(ids.map(timestampOf)).toEqual(ids.map(() => at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered and unique past the counter’s end, by borrowing the next millisecond', () => {
    const at = Date.now() + 4 * HOUR;
    const ids = Array.from({ length: 5_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timestampOf(ids[0])).toBe(at);
    expect(timestampOf(ids[ids.length - 1])).toBeGreaterThan(at);
  });
});
