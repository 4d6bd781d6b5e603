import { expect } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { bearer } from '../../support/auth.js';
import type { TestApp } from '../../support/test-app.js';

/**
 * These tests start processes, kill them and wait for others to finish their
 * work: seconds normally, much more on a loaded machine. The budget is not a measurement.
 */
export const FAULT_TEST_TIMEOUT_MS = 150_000;

/**
 * A ledger of every event committed to the outbox, written by a trigger in
 * the inserting transaction (so a rolled-back event is not in it either),
 * from the rows already there when it is made.
 * The outbox alone no longer says what was committed: the audit writer
 * deletes fact-only rows as it chains them (ADR 26). Pass it to the test
 * app's setupSql.
 */
export const COMMITTED_EVENTS_LEDGER = [
  `CREATE TABLE committed_events (event_id uuid PRIMARY KEY)`,
  // Events the migrations recorded (the first role-matrix grants) are in the outbox already.
  `INSERT INTO committed_events (event_id) SELECT event_id FROM outbox`,
  `CREATE FUNCTION ledger_committed_events() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN INSERT INTO committed_events (event_id) SELECT event_id FROM added; RETURN NULL; END $$`,
  `CREATE TRIGGER outbox_committed_events AFTER INSERT ON outbox REFERENCING NEW TABLE AS added
     FOR EACH STATEMENT EXECUTE FUNCTION ledger_committed_events()`,
];

/** Waits until a worker has audited every event committed so far. */
export async function untilEverythingAudited(t: TestApp, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const [{ pending }] = await t.db.query<{ pending: number }>(
        'SELECT count(*)::int AS pending FROM outbox WHERE audited_at IS NULL',
      );
      return pending === 0;
    },
    'every committed event to be audited',
    { timeoutMs, intervalMs: 200 },
  );
}

export interface AuditTally {
  /** Events committed to the outbox (COMMITTED_EVENTS_LEDGER). */
  readonly committed: number;
  readonly entries: number;
  readonly distinctEventIds: number;
  /** Committed events with no entry in the store. */
  readonly missing: number;
  /** Entries whose event was never committed. */
  readonly foreign: number;
  readonly headSequence: number;
}

export async function auditTally(t: TestApp): Promise<AuditTally> {
  const [row] = await t.db.query<AuditTally>(
    `SELECT (SELECT count(*)::int FROM committed_events) AS committed,
            (SELECT count(*)::int FROM audit_events) AS entries,
            (SELECT count(DISTINCT event_id)::int FROM audit_events) AS "distinctEventIds",
            (SELECT count(*)::int FROM committed_events c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.event_id = c.event_id)) AS missing,
            (SELECT count(*)::int FROM audit_events a WHERE NOT EXISTS (SELECT 1 FROM committed_events c WHERE c.event_id = a.event_id)) AS foreign,
            (SELECT last_sequence::int FROM audit_chain_head) AS "headSequence"`,
  );
  return row;
}

/**
 * Every committed event reached the audit store, once, and the chain
 * verifies through the auditors' endpoint (the same verifier the CLI and the
 * worker run). The verification is itself audited; that entry is counted too.
 * Nothing waits in the outbox for the writer, and no fact-only row is left
 * there. Needs COMMITTED_EVENTS_LEDGER.
 */
export async function expectAuditedOnce(t: TestApp, auditor: { readonly accessToken: string }): Promise<AuditTally> {
  await untilEverythingAudited(t);
  const verified = await t.http().post('/api/v1/audit/verify').set('Authorization', bearer(auditor.accessToken)).send({});
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ valid: true, firstBrokenSequence: null, reason: null });
  expect(verified.body.checked).toBe(verified.body.lastSequence);

  await untilEverythingAudited(t);
  const tally = await auditTally(t);
  expect(tally).toEqual({
    committed: tally.committed,
    entries: tally.committed,
    distinctEventIds: tally.committed,
    missing: 0,
    foreign: 0,
    headSequence: tally.committed,
  });
  expect(verified.body.lastSequence).toBeLessThan(tally.committed);
  const [{ leftover }] = await t.db.query<{ leftover: number }>(
    'SELECT count(*)::int AS leftover FROM outbox WHERE fact_only OR audited_at IS NULL',
  );
  expect(leftover).toBe(0);
  return tally;
}
