import { encodeCursor, type SortOrder } from '../domain/audit-cursor.js';
import type { ChainedAuditEntry } from '../domain/audit-entry.js';
import type { AuditPage } from './audit-page.js';

/**
 * Turns `limit + 1` rows into a page: the extra row only tells that another
 * page exists, and the cursor points after the last row shown.
 */
export function keysetPage<R extends { entry: ChainedAuditEntry }, T>(
  rows: readonly R[],
  limit: number,
  order: SortOrder,
  view: (row: R) => T,
): AuditPage<T> {
  const shown = rows.slice(0, limit);
  const more = rows.length > limit && shown.length > 0;
  return {
    items: shown.map(view),
    nextCursor: more ? encodeCursor(shown[shown.length - 1].entry.sequence, order) : null,
  };
}
