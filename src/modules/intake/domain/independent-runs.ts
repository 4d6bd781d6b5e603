/**
 * Splits items, in order, into consecutive runs in which no two items share
 * a key: a run starts again at the first item naming a key already named in
 * the current one. Items of one run do not touch each other's rows (a
 * feed's records with distinct MRNs and visit numbers), so a run may be
 * applied as one set, and runs one after another keep the file's order
 * wherever it matters.
 */
export function independentRuns<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let seen = new Set<string>();
  for (const item of items) {
    const keys = keysOf(item);
    if (keys.some((key) => seen.has(key))) {
      runs.push(run);
      run = [];
      seen = new Set();
    }
    run.push(item);
    for (const key of keys) seen.add(key);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
