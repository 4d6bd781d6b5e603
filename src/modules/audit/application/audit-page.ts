/** A page of a keyset listing; nextCursor is null on the last page. */
export interface AuditPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
