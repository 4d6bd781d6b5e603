import { uuidv7 } from '@hms/ddd';
import type { AuditEntry } from '../../../src/modules/audit/domain/audit-entry.js';
import { auditHash } from '../../../src/modules/audit/domain/audit-hash.js';
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
  /** Stored as the outbox writer stores fact-only events: already published and dispatched (ADR 26). */
  readonly factOnly?: boolean;
}

/** Commits `count` events straight into the outbox, as if some context had recorded them. */
export async function insertOutboxEvents(t: TestApp, count: number, spec: BulkEvents): Promise<string[]> {
  const rows = await t.db.query<{ event_id: string }>(
    `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version, occurred_at,
       actor, correlation_id, payload, fact_only, published_at, dispatched_at)
     SELECT gen_random_uuid(), $1, $7, $8, $2, $3 || '-' || g, $4, COALESCE($5::timestamptz, now()),
            jsonb_build_object('kind', 'system', 'id', 'bulk-test'), $3, jsonb_build_object('n', g),
            $9::boolean, CASE WHEN $9::boolean THEN now() END, CASE WHEN $9::boolean THEN now() END
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
      spec.factOnly ?? false,
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

/** An entry as the writer made it before entries named their key: the raw session id in the actor, no key id. */
export interface LegacyEntry {
  readonly type: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly actor: { readonly kind: string; readonly id: string; readonly sessionId: string | null };
  /** Now unless given. */
  readonly occurredAt?: Date;
}

/**
 * Appends entries in the form every chain held before key ids (key_id NULL,
 * hashed without a key id under the one AUDIT_HMAC_KEY), as an upgraded
 * store holds them. The hash form itself is pinned by the golden vectors of
 * audit-hash.spec.ts; this writes it where the verifier and the API read it.
 */
export async function appendLegacyEntries(t: TestApp, key: Buffer, entries: readonly LegacyEntry[]): Promise<number[]> {
  const client = await t.db.pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ last_sequence: string; last_hash: Buffer }>(
      `SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    );
    let sequence = Number(rows[0].last_sequence);
    let prevHash = rows[0].last_hash;
    const sequences: number[] = [];
    for (const given of entries) {
      sequence += 1;
      const now = given.occurredAt ?? new Date();
      const entry: AuditEntry = {
        sequence,
        keyId: null,
        eventId: uuidv7(),
        type: given.type,
        occurredAt: now,
        recordedAt: now,
        actor: { ...given.actor, roles: [], ip: '127.0.0.1', userAgent: 'legacy-client' },
        actorId: given.actor.id,
        action: 'execute',
        outcome: 'success',
        resourceType: given.resourceType,
        resourceId: given.resourceId,
        aggregateVersion: 0,
        patientId: null,
        hospitalId: null,
        departmentId: null,
        correlationId: `legacy-${sequence}`,
        reason: null,
        change: { legacy: true },
      };
      const hash = auditHash(key, prevHash, entry);
      // The columns the store had before key_id: the insert of the writer of that time.
      await client.query(
        `INSERT INTO audit_events (sequence, event_id, type, occurred_at, recorded_at, actor, actor_id, action, outcome,
           resource_type, resource_id, aggregate_version, patient_id, hospital_id, department_id, correlation_id, reason,
           change, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, 0, NULL, NULL, NULL, $11, NULL, $12, $13, $14)`,
        [
          sequence,
          entry.eventId,
          entry.type,
          now.toISOString(),
          JSON.stringify(entry.actor),
          entry.actorId,
          entry.action,
          entry.outcome,
          entry.resourceType,
          entry.resourceId,
          entry.correlationId,
          JSON.stringify(entry.change),
          prevHash,
          hash,
        ],
      );
      await client.query(`INSERT INTO audit_event_ids (event_id, sequence) VALUES ($1, $2)`, [entry.eventId, sequence]);
      sequences.push(sequence);
      prevHash = hash;
    }
    await client.query(`UPDATE audit_chain_head SET last_sequence = $1, last_hash = $2 WHERE id = 1`, [sequence, prevHash]);
    await client.query('COMMIT');
    return sequences;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
