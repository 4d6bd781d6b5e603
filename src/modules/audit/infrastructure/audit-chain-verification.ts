import type { ArchivedRun } from '../domain/archived-run.js';
import type { ChainBreak } from '../domain/chain-break.js';
import { ChainChecker } from '../domain/chain-checker.js';
import { GENESIS_HASH } from '../domain/audit-hash.js';
import type { AuditKeyring } from '../domain/audit-keyring.js';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow, toChainedEntry } from './audit-event-row.js';
import type { SqlRunner } from './sql-runner.js';

/** Rows read per query: the chain is walked page by page, never held in memory. */
const PAGE_SIZE = 1000;

const ARCHIVED_PARTITION = /^audit_events_y[0-9]{4}m[0-9]{2}$/;

export interface ChainVerificationOptions {
  readonly fromSequence?: number;
  readonly toSequence?: number;
  /** Continue after an entry already verified (scheduled runs): its sequence and hash, kept by the caller. */
  readonly anchor?: { readonly sequence: number; readonly hash: Buffer };
}

export interface ChainVerification {
  readonly valid: boolean;
  /** Entries whose hash was recomputed. */
  readonly checked: number;
  readonly firstBrokenSequence: number | null;
  readonly reason: string | null;
  /** The last sequence the walk reached intact (null when it reached none). */
  readonly lastSequence: number | null;
  /** The hash at lastSequence, for an incremental continuation. */
  readonly lastHash: Buffer | null;
}

interface ArchivedRunRow {
  first_sequence: string;
  last_sequence: string;
  first_prev_hash: Buffer;
  last_hash: Buffer;
}

const toRun = (row: ArchivedRunRow): ArchivedRun => ({
  firstSequence: Number(row.first_sequence),
  lastSequence: Number(row.last_sequence),
  firstPrevHash: row.first_prev_hash,
  lastHash: row.last_hash,
});

function broken(checker: ChainChecker | undefined, found: ChainBreak): ChainVerification {
  const last = checker ? checker.nextSequence - 1 : found.sequence - 1;
  return {
    valid: false,
    checked: checker?.checked ?? 0,
    firstBrokenSequence: found.sequence,
    reason: found.reason,
    lastSequence: last > 0 ? last : null,
    lastHash: null,
  };
}

async function runStartingAt(db: SqlRunner, sequence: number): Promise<ArchivedRun | undefined> {
  const [row] = await db.query<ArchivedRunRow[]>(
    `SELECT first_sequence, last_sequence, first_prev_hash, last_hash FROM audit_archived_partitions WHERE first_sequence = $1`,
    [sequence],
  );
  return row ? toRun(row) : undefined;
}

/** The hash the entry at `sequence` must name as prev_hash: genesis, the stored predecessor, or an archived run's end. */
async function hashBefore(db: SqlRunner, sequence: number): Promise<Buffer | undefined> {
  if (sequence <= 1) return GENESIS_HASH;
  const [row] = await db.query<{ hash: Buffer }[]>(`SELECT hash FROM audit_events WHERE sequence = $1`, [sequence - 1]);
  if (row) return row.hash;
  const [run] = await db.query<{ last_hash: Buffer }[]>(
    `SELECT last_hash FROM audit_archived_partitions WHERE last_sequence = $1`,
    [sequence - 1],
  );
  return run?.last_hash;
}

/** Steps over archived runs until the checker expects `sequence`; a hole no run covers is a break. */
async function bridgeUpTo(db: SqlRunner, checker: ChainChecker, sequence: number): Promise<ChainBreak | undefined> {
  while (checker.nextSequence < sequence) {
    const run = await runStartingAt(db, checker.nextSequence);
    if (!run || run.lastSequence >= sequence) {
      return { sequence: checker.nextSequence, reason: `sequence ${checker.nextSequence} is missing` };
    }
    const gap = checker.bridge(run);
    if (gap) return gap;
  }
  return undefined;
}

/**
 * Walks the chain in sequence order, a page at a time, recomputing every
 * hash from its predecessor; stops at the first break. Without an upper
 * bound it also checks that the chain ends where the head says, so rows
 * removed from the end are noticed too.
 */
export async function verifyAuditChain(
  db: SqlRunner,
  keys: AuditKeyring,
  options: ChainVerificationOptions = {},
): Promise<ChainVerification> {
  const [head] = await db.query<{ last_sequence: string; last_hash: Buffer }[]>(
    `SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1`,
  );
  const headSequence = Number(head.last_sequence);
  const from = options.anchor ? options.anchor.sequence + 1 : Math.max(1, options.fromSequence ?? 1);
  const to = Math.min(options.toSequence ?? headSequence, headSequence);
  if (from > to) {
    // Nothing new to walk; a scheduled run still checks that the head is where it left the chain.
    const anchor = options.anchor;
    if (anchor && anchor.sequence === headSequence && !anchor.hash.equals(head.last_hash)) {
      return broken(undefined, { sequence: headSequence, reason: 'the chain head does not match the last entry' });
    }
    return {
      valid: true,
      checked: 0,
      firstBrokenSequence: null,
      reason: null,
      lastSequence: anchor?.sequence ?? null,
      lastHash: anchor?.hash ?? null,
    };
  }
  const start = options.anchor?.hash ?? (await hashBefore(db, from));
  if (!start) return broken(undefined, { sequence: from - 1, reason: `sequence ${from - 1} is missing` });

  const checker = new ChainChecker(keys, from, start);
  let after = from - 1;
  while (after < to) {
    const rows = await db.query<AuditEventRow[]>(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE sequence > $1 AND sequence <= $2 ORDER BY sequence LIMIT $3`,
      [after, to, PAGE_SIZE],
    );
    for (const row of rows) {
      const entry = toChainedEntry(row);
      const found = (await bridgeUpTo(db, checker, entry.sequence)) ?? checker.accept(entry);
      if (found) return broken(checker, found);
    }
    if (rows.length < PAGE_SIZE) break;
    after = Number(rows[rows.length - 1].sequence);
  }
  const tail = await bridgeUpTo(db, checker, to + 1);
  if (tail) return broken(checker, tail);
  if (options.toSequence === undefined && checker.nextSequence - 1 === headSequence && !checker.lastHash.equals(head.last_hash)) {
    return broken(checker, { sequence: headSequence, reason: 'the chain head does not match the last entry' });
  }
  const lastSequence = checker.nextSequence - 1;
  return {
    valid: true,
    checked: checker.checked,
    firstBrokenSequence: null,
    reason: null,
    lastSequence: lastSequence > 0 ? lastSequence : null,
    lastHash: checker.lastHash,
  };
}

/**
 * Verifies a detached (archived) partition on its own: each run recorded
 * when it was archived must be present in full, chain from its recorded
 * first prev_hash, and end on its recorded last hash.
 */
export async function verifyArchivedPartition(db: SqlRunner, keys: AuditKeyring, table: string): Promise<ChainVerification> {
  if (!ARCHIVED_PARTITION.test(table)) throw new Error(`${table} is not an audit partition name`);
  const runs = (
    await db.query<ArchivedRunRow[]>(
      `SELECT first_sequence, last_sequence, first_prev_hash, last_hash FROM audit_archived_partitions
        WHERE partition_name = $1 ORDER BY first_sequence`,
      [table],
    )
  ).map(toRun);
  if (runs.length === 0) return broken(undefined, { sequence: 0, reason: `no archived runs are recorded for ${table}` });

  // A month detached (or dumped) before entries named their key has no key_id column: all its entries are legacy ones.
  const [{ keyed }] = await db.query<{ keyed: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'key_id') AS keyed`,
    [table],
  );
  const columns = keyed ? AUDIT_EVENT_COLUMNS : AUDIT_EVENT_COLUMNS.replace('key_id', 'NULL::text AS key_id');
  let checked = 0;
  for (const run of runs) {
    const checker = new ChainChecker(keys, run.firstSequence, run.firstPrevHash);
    let after = run.firstSequence - 1;
    for (;;) {
      const rows = await db.query<AuditEventRow[]>(
        `SELECT ${columns} FROM "${table}" WHERE sequence > $1 AND sequence <= $2 ORDER BY sequence LIMIT $3`,
        [after, run.lastSequence, PAGE_SIZE],
      );
      for (const row of rows) {
        const found = checker.accept(toChainedEntry(row));
        if (found) return { ...broken(checker, found), checked: checked + checker.checked };
      }
      if (rows.length < PAGE_SIZE) break;
      after = Number(rows[rows.length - 1].sequence);
    }
    checked += checker.checked;
    if (checker.nextSequence !== run.lastSequence + 1) {
      return {
        ...broken(checker, { sequence: checker.nextSequence, reason: `sequence ${checker.nextSequence} is missing` }),
        checked,
      };
    }
    if (!checker.lastHash.equals(run.lastHash)) {
      return { ...broken(checker, { sequence: run.lastSequence, reason: 'the run does not end on its recorded hash' }), checked };
    }
  }
  const [outside] = await db.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "${table}" t
      WHERE NOT EXISTS (SELECT 1 FROM audit_archived_partitions r
                         WHERE r.partition_name = $1 AND t.sequence BETWEEN r.first_sequence AND r.last_sequence)`,
    [table],
  );
  if (outside.n > 0) return broken(undefined, { sequence: 0, reason: `${outside.n} rows belong to no archived run` });
  const last = runs[runs.length - 1];
  return {
    valid: true,
    checked,
    firstBrokenSequence: null,
    reason: null,
    lastSequence: last.lastSequence,
    lastHash: last.lastHash,
  };
}
