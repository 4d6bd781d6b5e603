/** What a new set adds to and removes from an old one (sorted, duplicates ignored). */
export function diffSets(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const old = new Set(before);
  const next = new Set(after);
  return {
    added: [...next].filter((v) => !old.has(v)).sort(),
    removed: [...old].filter((v) => !next.has(v)).sort(),
  };
}

/** Names of the requested fields whose value differs from the current one; undefined means "not sent". */
export function changedKeys<T extends object>(current: T, requested: Partial<T>): (keyof T & string)[] {
  return (Object.keys(requested) as (keyof T & string)[]).filter(
    (key) => requested[key] !== undefined && requested[key] !== current[key],
  );
}
