import { InvalidCursorError } from './invalid-cursor.error.js';

export type SortOrder = 'asc' | 'desc';

const CURSOR = /^v1\.(asc|desc)\.([1-9][0-9]{0,15})$/;

/** An opaque position in a listing: the last sequence returned and the listing's order. */
export function encodeCursor(sequence: number, order: SortOrder): string {
  return Buffer.from(`v1.${order}.${sequence}`, 'utf8').toString('base64url');
}

/** The sequence a cursor stands at; refuses anything not made by encodeCursor for this order. */
export function decodeCursor(cursor: string, order: SortOrder): number {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new InvalidCursorError();
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || match[1] !== order) throw new InvalidCursorError();
  const sequence = Number(match[2]);
  if (!Number.isSafeInteger(sequence)) throw new InvalidCursorError();
  return sequence;
}
