import { AuditWriter } from '../../../src/modules/audit/infrastructure/audit-writer.js';
import { AuditVerifier } from '../../../src/modules/audit/infrastructure/audit-verifier.js';
import type { ChainVerification } from '../../../src/modules/audit/infrastructure/audit-chain-verification.js';
import type { TestApp } from '../../support/test-app.js';

/** Appends everything committed so far (the same call the audit queue's jobs make). */
export function appendAll(t: TestApp): Promise<number> {
  return t.app.get(AuditWriter).appendPending();
}

export function verifyChain(t: TestApp, from?: number, to?: number): Promise<ChainVerification> {
  return t.app.get(AuditVerifier).verify({ fromSequence: from, toSequence: to });
}

export interface BulkEvents {
  readonly type?: string;
  /** The audit filing the event's class would declare; execute / success unless given. */
  readonly action?: string;
  readonly outcome?: string;
  readonly aggregateType?: string;
  /** Aggregate ids are `${prefix}-${n}`. */
  readonly prefix: string;
  readonly occurredAt?: string;
  readonly version?: number;
}

/** Commits `count` events straight into the outbox, as if some context had recorded them. */
export async function insertOutboxEvents(t: TestApp, count: number, spec: BulkEvents): Promise<string[]> {
  const rows = await t.db.query<{ event_id: string }>(
    `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version, occurred_at,
       actor, correlation_id, payload)
     SELECT gen_random_uuid(), $1, $7, $8, $2, $3 || '-' || g, $4, COALESCE($5::timestamptz, now()),
            jsonb_build_object('kind', 'system', 'id', 'bulk-test'), $3, jsonb_build_object('n', g)
       FROM generate_series(1, $6) AS g
     RETURNING event_id`,
    [
      spec.type ?? 'test.BulkRecorded.v1',
      spec.aggregateType ?? 'Bulk',
      spec.prefix,
      spec.version ?? 0,
      spec.occurredAt ?? null,
      count,
      spec.action ?? 'execute',
      spec.outcome ?? 'success',
    ],
  );
  return rows.map((r) => r.event_id);
}

/** The partition that holds an entry. */
export async function partitionOf(t: TestApp, sequence: number): Promise<string> {
  const [row] = await t.db.query<{ partition: string }>(
    `SELECT tableoid::regclass::text AS partition FROM audit_events WHERE sequence = $1`,
    [sequence],
  );
  return row.partition;
}

/**
 * What an attacker with superuser rights could do (the tests connect as
 * postgres): switch the append-only trigger off on the partition, run the
 * statement, switch it back on.
 */
export async function behindTheTriggersBack(t: TestApp, sequence: number, statement: string): Promise<void> {
  const partition = await partitionOf(t, sequence);
  await t.db.query(`ALTER TABLE ${partition} DISABLE TRIGGER audit_events_append_only`);
  try {
    await t.db.query(statement, [sequence]);
  } finally {
    await t.db.query(`ALTER TABLE ${partition} ENABLE TRIGGER audit_events_append_only`);
  }
}
