import { describe, expect, it } from '@jest/globals';
import { decodeEncounterCursor, encodeEncounterCursor } from './encounter-cursor.js';

const position = { listedAt: '2026-12-07T10:00:00.123456Z', id: '0193a0f0-0000-7000-8000-000000000001' };

describe('encounter list cursors', () => {
  it('round-trips the position to the microsecond', () => {
    expect(decodeEncounterCursor(encodeEncounterCursor(position))).toEqual(position);
  });

  it('refuses anything this list did not make, naming the cursor', () => {
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const bad of [
      'not a cursor!',
      forged('v2|2026-12-07T10:00:00.123456Z|0193a0f0-0000-7000-8000-000000000001'),
      forged('v1|2026-12-07T10:00:00Z|0193a0f0-0000-7000-8000-000000000001'),
      forged('v1|2026-12-07T10:00:00.123456Z|nope'),
      forged('v1|2026-12-07T10:00:00.123456Z|0193a0f0-0000-7000-8000-000000000001|x'),
    ]) {
      expect(() => decodeEncounterCursor(bad)).toThrow(expect.objectContaining({ code: 'COMMON.INVALID_INPUT' }));
    }
  });
});
