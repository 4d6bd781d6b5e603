/**
 * Field rules: some permissions reveal fields that are otherwise masked.
 * A mapper asks `reveals(principal, 'patients:read-sensitive')` and masks.
 */
export function holds(permissions: readonly string[], permission: string): boolean {
  return permissions.some((p) => p === permission || p.startsWith(`${permission}:`));
}

/** Keeps the last `visible` characters: `*******1234`. */
export function mask(value: string | null | undefined, visible = 4): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= visible) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - visible)}${value.slice(-visible)}`;
}
