import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@hms/ddd';
import { decodeAppointmentCursor, encodeAppointmentCursor } from './appointment-cursor.js';

const POSITION = { start: '2027-03-28T08:00:00.000000Z', id: '0192a000-0000-7000-8000-00000000000a' };

describe('appointment cursors', () => {
  it('round-trip the start and id of the last appointment shown, opaque and URL-safe', () => {
    const cursor = encodeAppointmentCursor(POSITION);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(POSITION.id);
    expect(decodeAppointmentCursor(cursor)).toEqual(POSITION);
  });

  it('refuse anything this list did not hand out, naming the cursor field', () => {
    const encoded = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const cursor of [
      'not a cursor!',
      encoded(`v2|${POSITION.start}|${POSITION.id}`),
      encoded(`v1|2027-03-28T08:00:00Z|${POSITION.id}`),
      encoded(`v1|${POSITION.start}|not-a-uuid`),
      encoded(`v1|${POSITION.start}|${POSITION.id}|extra`),
      encoded('v1|2027-13-45T08:00:00.000000Z|' + POSITION.id),
    ]) {
      let error: unknown;
      try {
        decodeAppointmentCursor(cursor);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fields).toEqual([
        { field: 'cursor', message: 'cursor must be a nextCursor this list returned' },
      ]);
    }
  });
});
