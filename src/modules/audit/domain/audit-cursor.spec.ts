import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from './audit-cursor.js';
import { InvalidCursorError } from './invalid-cursor.error.js';

describe('audit cursors', () => {
  it('round-trip a sequence for the order they were made for', () => {
    const cursor = encodeCursor(1042, 'desc');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'desc')).toBe(1042);
  });

  it.each([
    ['garbage', '!!!'],
    ['base64 of something else', Buffer.from('hello').toString('base64url')],
    ['a non-numeric sequence', Buffer.from('v1.asc.abc').toString('base64url')],
    ['sequence zero', Buffer.from('v1.asc.0').toString('base64url')],
    ['an unsafe integer', Buffer.from('v1.asc.99999999999999999').toString('base64url')],
    ['too long', 'a'.repeat(65)],
  ])('refuses %s', (_case, cursor) => {
    expect(() => decodeCursor(cursor, 'asc')).toThrow(InvalidCursorError);
  });

  it('refuses a cursor from a listing in the other order', () => {
    expect(() => decodeCursor(encodeCursor(5, 'desc'), 'asc')).toThrow(InvalidCursorError);
  });
});
