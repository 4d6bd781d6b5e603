import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChainedAuditEntry } from '../domain/audit-entry.js';
import { auditEntryFrom } from '../domain/audit-entry-derivation.js';
import { auditHash } from '../domain/audit-hash.js';
import { AuditKeyring } from '../domain/audit-keyring.js';
import { type OutboxEventRow, toEnvelope } from '../../../infrastructure/events/outbox-row.js';
import { AuditMetrics } from './audit-metrics.js';

/** Outbox rows per transaction: large enough for one multi-row insert to pay off, small enough to hold the lock briefly. */
export const AUDIT_BATCH_SIZE = 1000;

interface BatchResult {
  /** Outbox rows marked audited or, fact-only ones, deleted (redelivered ones included). */
  readonly consumed: number;
  /** Entries added to the chain. */
  readonly stored: number;
}

/**
 * Extends the audit chain with every committed outbox event not yet
 * audited. Each batch is one transaction that holds the chain head's row
 * lock: two writers never read the same head, so the chain cannot fork, and
 * a writer killed mid-batch leaves nothing behind (no gap, no duplicate).
 * Fact-only rows leave the outbox in that transaction (the entry holds all
 * they held, and nothing else wants them); the others are marked audited
 * and kept for the relay's prune (ADR 26).
 */
@Injectable()
export class AuditWriter {
  private readonly logger = new Logger(AuditWriter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: AuditKeyring,
    private readonly metrics: AuditMetrics,
  ) {}

  /**
   * Appends until nothing is pending; returns how many entries were added.
   * After a short batch it looks once more: a row that committed while
   * that batch ran, with a lower id than the row the relay woke this run
   * for, found that row still unaudited, so its relay round woke nobody
   * (ADR 26). Any row committed after that look is seen by a later relay
   * round, which finds a newer row unaudited and wakes the writer again.
   */
  async appendPending(): Promise<number> {
    let stored = 0;
    let shortBatches = 0;
    for (;;) {
      const batch = await this.appendBatch();
      stored += batch.stored;
      if (batch.consumed === 0) return stored;
      if (batch.consumed < AUDIT_BATCH_SIZE && ++shortBatches === 2) return stored;
    }
  }

  private async appendBatch(): Promise<BatchResult> {
    // Most wake-ups find the work done by an earlier one: answer those without taking the lock.
    const [{ pending }] = await this.dataSource.query<{ pending: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE audited_at IS NULL) AS pending`,
    );
    if (!pending) return { consumed: 0, stored: 0 };
    const result = await this.dataSource.transaction((manager) => this.appendIn(manager));
    this.metrics.appended.inc(result.stored);
    return result;
  }

  private async appendIn(manager: EntityManager): Promise<BatchResult> {
    const [head] = await manager.query<{ last_sequence: string; last_hash: Buffer }[]>(
      `SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
    );
    const rows = await manager.query<OutboxEventRow[]>(
      `SELECT id, event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version, occurred_at,
              actor, correlation_id, payload, fact_only
         FROM outbox WHERE audited_at IS NULL ORDER BY id LIMIT $1`,
      [AUDIT_BATCH_SIZE],
    );
    if (rows.length === 0) return { consumed: 0, stored: 0 };

    // An event already in the store (its outbox mark was lost or cleared) is not stored again.
    const known = await manager.query<{ event_id: string }[]>(
      `SELECT event_id FROM audit_event_ids WHERE event_id = ANY($1::uuid[])`,
      [rows.map((r) => r.event_id)],
    );
    const knownIds = new Set(known.map((r) => r.event_id));
    const entries = this.chain(
      rows.filter((r) => !knownIds.has(r.event_id)),
      Number(head.last_sequence),
      head.last_hash,
    );

    if (entries.length > 0) {
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO audit_event_ids (event_id, sequence) SELECT * FROM unnest($1::uuid[], $2::bigint[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [entries.map((e) => e.eventId), entries.map((e) => e.sequence)],
      );
      // Impossible while the head lock is held; if it happens anyway, store nothing rather than a forked chain.
      if (claimed.length !== entries.length) throw new Error('audit event ids changed while the chain head was locked');
      await this.claimVersions(manager, entries);
      await this.insertEntries(manager, entries);
      const last = entries[entries.length - 1];
      await manager.query(`UPDATE audit_chain_head SET last_sequence = $1, last_hash = $2, updated_at = now() WHERE id = 1`, [
        last.sequence,
        last.hash,
      ]);
    }
    await this.release(manager, rows);
    return { consumed: rows.length, stored: entries.length };
  }

  /** Deletes the batch's fact-only rows and marks the others audited, in the batch's transaction. */
  private async release(manager: EntityManager, rows: readonly OutboxEventRow[]): Promise<void> {
    const factOnly = rows.filter((r) => r.fact_only).map((r) => r.id);
    const kept = rows.filter((r) => !r.fact_only).map((r) => r.id);
    if (factOnly.length > 0) {
      await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[]) AND fact_only`, [factOnly]);
    }
    if (kept.length > 0) {
      await manager.query(`UPDATE outbox SET audited_at = now() WHERE id = ANY($1::bigint[])`, [kept]);
    }
  }

  private chain(rows: readonly OutboxEventRow[], lastSequence: number, lastHash: Buffer): ChainedAuditEntry[] {
    const recordedAt = new Date();
    // Every entry names the key it is signed with, so the key can rotate while old entries keep verifying.
    const key = this.keys.signing;
    let prevHash = lastHash;
    return rows.map((row, i) => {
      const entry = auditEntryFrom(toEnvelope(row), lastSequence + i + 1, recordedAt, this.keys);
      const hash = auditHash(key.secret, prevHash, entry);
      const chained = { ...entry, prevHash, hash };
      prevHash = hash;
      return chained;
    });
  }

  /**
   * Registers each versioned event as the holder of its aggregate version.
   * A second claim is a bug upstream; the event is still audited (a fact
   * that happened is never dropped, and the trail does not stall behind it),
   * while the first claimant keeps the version, and the conflict is raised.
   */
  private async claimVersions(manager: EntityManager, entries: readonly ChainedAuditEntry[]): Promise<void> {
    const versioned = entries.filter((e) => e.aggregateVersion > 0);
    if (versioned.length === 0) return;
    const registered = await manager.query<{ sequence: string }[]>(
      `INSERT INTO audit_aggregate_versions (aggregate_type, aggregate_id, aggregate_version, sequence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) ON CONFLICT DO NOTHING RETURNING sequence`,
      [
        versioned.map((e) => e.resourceType),
        versioned.map((e) => e.resourceId),
        versioned.map((e) => e.aggregateVersion),
        versioned.map((e) => e.sequence),
      ],
    );
    if (registered.length === versioned.length) return;
    const held = new Set(registered.map((r) => Number(r.sequence)));
    for (const entry of versioned.filter((e) => !held.has(e.sequence))) {
      this.metrics.versionConflicts.inc();
      this.logger.error(
        { eventId: entry.eventId, eventType: entry.type, aggregateType: entry.resourceType, version: entry.aggregateVersion },
        'two events claim the same aggregate version; both are audited, the first keeps the version',
      );
    }
  }

  /** One multi-row INSERT per batch. */
  private async insertEntries(manager: EntityManager, entries: readonly ChainedAuditEntry[]): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (sequence, event_id, type, occurred_at, recorded_at, actor, actor_id, action, outcome,
         resource_type, resource_id, aggregate_version, patient_id, hospital_id, department_id, correlation_id, reason,
         change, prev_hash, hash, key_id)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[], $15::text[],
         $16::text[], $17::text[], $18::jsonb[], $19::bytea[], $20::bytea[], $21::text[])`,
      [
        entries.map((e) => e.sequence),
        entries.map((e) => e.eventId),
        entries.map((e) => e.type),
        entries.map((e) => e.occurredAt.toISOString()),
        entries.map((e) => e.recordedAt.toISOString()),
        entries.map((e) => JSON.stringify(e.actor)),
        entries.map((e) => e.actorId),
        entries.map((e) => e.action),
        entries.map((e) => e.outcome),
        entries.map((e) => e.resourceType),
        entries.map((e) => e.resourceId),
        entries.map((e) => e.aggregateVersion),
        entries.map((e) => e.patientId),
        entries.map((e) => e.hospitalId),
        entries.map((e) => e.departmentId),
        entries.map((e) => e.correlationId),
        entries.map((e) => e.reason),
        entries.map((e) => JSON.stringify(e.change)),
        entries.map((e) => e.prevHash),
        entries.map((e) => e.hash),
        entries.map((e) => e.keyId),
      ],
    );
  }
}
