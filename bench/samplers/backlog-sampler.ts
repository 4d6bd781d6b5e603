import type pg from 'pg';

/** One reading of the audit store and the outbox. */
export interface BacklogSample {
  readonly elapsedSeconds: number;
  /** When it was read (the database's clock, epoch milliseconds). */
  readonly atMs: number;
  /** Highest audit sequence: entries are numbered 1, 2, 3... as they are appended, so deltas count rows appended. */
  readonly auditSequence: number;
  /** Rows appended to audit_events per second since the previous reading. */
  readonly auditPerSecond: number;
  /** The outbox id sequence's last value: events recorded so far (the rows themselves may already be gone). */
  readonly outboxSequence: number;
  /** Events recorded in the outbox per second since the previous reading. */
  readonly outboxPerSecond: number;
  /** Outbox rows the relay has not yet published to Bull (published_at IS NULL; fact-only rows never are). */
  readonly unpublished: number;
  /** Outbox rows not yet in the audit store (audited_at IS NULL; fact-only rows leave as they are audited): the audit backlog. */
  readonly unaudited: number;
  /** Outbox rows whose event handlers have not all run yet (dispatched_at IS NULL). */
  readonly undispatched: number;
}

export interface BacklogReport {
  readonly intervalMs: number;
  readonly seconds: number;
  readonly auditAppended: number;
  /** Mean over the whole sampling, and the best one-interval rate. */
  readonly auditPerSecondMean: number;
  readonly auditPerSecondPeak: number;
  readonly maxUnpublished: number;
  readonly maxUnaudited: number;
  readonly maxUndispatched: number;
  readonly final: BacklogSample | undefined;
  readonly samples: readonly BacklogSample[];
}

export interface BacklogSampler {
  /** The latest reading (undefined before the first one lands). */
  latest(): BacklogSample | undefined;
  stop(): Promise<BacklogReport>;
}

// Each count reads a partial index (outbox_unpublished_idx, outbox_unaudited_idx, outbox_undispatched_aggregate_idx),
// and max(sequence) reads audit_events_sequence_idx backwards: cheap enough to run every second under load.
// Recorded events are counted by the id sequence, not max(id): the audit writer deletes fact-only rows (ADR 26).
const SAMPLE_SQL = `
  SELECT extract(epoch FROM clock_timestamp())::float8 AS at,
         (SELECT coalesce(max(sequence), 0) FROM audit_events)::float8 AS audit_sequence,
         coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'id')::regclass), 0)::float8 AS outbox_sequence,
         (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS unpublished,
         (SELECT count(*) FROM outbox WHERE audited_at IS NULL)::int AS unaudited,
         (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)::int AS undispatched`;

interface SampleRow {
  at: number;
  audit_sequence: number;
  outbox_sequence: number;
  unpublished: number;
  unaudited: number;
  undispatched: number;
}

/**
 * Reads, every `intervalMs` while a scenario runs, how fast the audit store
 * grows and how many outbox rows wait for the relay, the audit writer and
 * the event handlers. Readings never overlap: a slow one delays the next.
 */
export function startBacklogSampler(db: pg.Pool, intervalMs = 1000): BacklogSampler {
  const samples: BacklogSample[] = [];
  let firstAt: number | undefined;
  let previous: { at: number; sequence: number; outbox: number } | undefined;
  let failure: Error | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const take = async () => {
    const { rows } = await db.query<SampleRow>(SAMPLE_SQL);
    const row = rows[0];
    firstAt ??= row.at;
    const dt = previous ? row.at - previous.at : 0;
    samples.push({
      elapsedSeconds: row.at - firstAt,
      atMs: row.at * 1000,
      auditSequence: row.audit_sequence,
      auditPerSecond: previous && dt > 0 ? (row.audit_sequence - previous.sequence) / dt : 0,
      outboxSequence: row.outbox_sequence,
      outboxPerSecond: previous && dt > 0 ? (row.outbox_sequence - previous.outbox) / dt : 0,
      unpublished: row.unpublished,
      unaudited: row.unaudited,
      undispatched: row.undispatched,
    });
    previous = { at: row.at, sequence: row.audit_sequence, outbox: row.outbox_sequence };
  };

  const loop = async () => {
    try {
      await take();
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error('a backlog reading failed');
    }
    if (!stopped) timer = setTimeout(() => void (running = loop()), intervalMs);
  };
  let running: Promise<void> = loop();

  return {
    latest: () => samples.at(-1),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      await take();
      if (failure) throw failure;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const seconds = last.elapsedSeconds;
      const appended = last.auditSequence - first.auditSequence;
      return {
        intervalMs,
        seconds,
        auditAppended: appended,
        auditPerSecondMean: seconds > 0 ? appended / seconds : 0,
        auditPerSecondPeak: Math.max(0, ...samples.map((s) => s.auditPerSecond)),
        maxUnpublished: Math.max(...samples.map((s) => s.unpublished)),
        maxUnaudited: Math.max(...samples.map((s) => s.unaudited)),
        maxUndispatched: Math.max(...samples.map((s) => s.undispatched)),
        final: last,
        samples,
      };
    },
  };
}

/**
 * Waits until no outbox row waits for the relay, the audit store or an event
 * handler (or `timeoutMs` passes); answers the seconds it took, undefined on
 * a timeout. Loads start from an empty backlog this way, rather than
 * competing with the previous load's.
 */
export async function waitForOutboxSettled(db: pg.Pool, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  for (;;) {
    const { rows } = await db.query<SampleRow>(SAMPLE_SQL);
    const { unpublished, unaudited, undispatched } = rows[0];
    if (unpublished + unaudited + undispatched === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until every outbox row is audited (or `timeoutMs` passes); answers whether it drained. */
export async function waitForAuditBacklog(db: pg.Pool, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE audited_at IS NULL');
    if (rows[0].n === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
