/**
 * Deterministic JSON for hashing: object keys sorted at every depth, no
 * whitespace, keys with undefined values left out and undefined array items
 * written as null (exactly what JSON.stringify stores, so a value hashed
 * before insertion hashes the same when read back from jsonb).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? 'null');
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Loops rather than filter/sort/map/join: the audit writer hashes every entry with this.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}
