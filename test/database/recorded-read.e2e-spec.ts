import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemActor } from '@hms/ddd';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { recordedReadSql, type SqlStatement } from '../../src/infrastructure/events/outbox-writer.js';
import { ProbeNoticed } from '../fixtures/probe/probe-recorded.event.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

class RolledBack extends Error {}

interface ProbeRow {
  readonly id: string;
  readonly hospital_id: string;
  readonly access_recorded: boolean;
}

/** A read and its access event as one statement (ADR 29), on real PostgreSQL. */
describe('recorded read', () => {
  let t: TestApp;
  let uow: UnitOfWork;
  const actor = systemActor('recorded-read-test');
  const hospital = randomUUID();

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(UnitOfWork);
  });
  afterAll(() => t.close());

  /** A row built from the parameters (two of them, so the scope's and the events' placeholders must follow on). */
  const probe = (exists: boolean, id: string): SqlStatement => ({
    sql: `SELECT $1::uuid AS id, $2::uuid AS hospital_id WHERE $3::boolean`,
    params: [id, hospital, exists],
  });
  const inHospitals = (hospitals: string[]) => (first: number) => ({
    sql: `r.hospital_id = ANY($${first}::uuid[])`,
    params: [hospitals],
  });
  // Not fact-only, so it stays in the outbox after it is audited (ADR 26), where the test reads it.
  const denial = (id: string) => new ProbeNoticed(id);
  const recorded = (id: string) =>
    t.db.query<{ type: string; actor: { id: string }; correlation_id: string }>(
      `SELECT type, actor, correlation_id FROM outbox WHERE aggregate_id = $1`,
      [id],
    );

  it('answers the row and writes its events when the scope admits it, in one statement', async () => {
    const id = randomUUID();
    const rows = await uow.recordedRead<ProbeRow>(actor, [denial(id)], (events) =>
      recordedReadSql(probe(true, id), inHospitals([randomUUID(), hospital]), events),
    );
    expect(rows).toEqual([{ id, hospital_id: hospital, access_recorded: true }]);
    expect(await recorded(id)).toEqual([
      expect.objectContaining({ type: ProbeNoticed.TYPE, actor: expect.objectContaining({ id: actor.id }) }),
    ]);
  });

  it('answers the row but writes nothing when the scope refuses it', async () => {
    const id = randomUUID();
    const rows = await uow.recordedRead<ProbeRow>(actor, [denial(id)], (events) =>
      recordedReadSql(probe(true, id), inHospitals([randomUUID()]), events),
    );
    expect(rows).toEqual([{ id, hospital_id: hospital, access_recorded: false }]);
    expect(await recorded(id)).toEqual([]);
  });

  it('answers no row and writes nothing when there is no record', async () => {
    const id = randomUUID();
    const rows = await uow.recordedRead<ProbeRow>(actor, [denial(id)], (events) =>
      recordedReadSql(probe(false, id), inHospitals([hospital]), events),
    );
    expect(rows).toEqual([]);
    expect(await recorded(id)).toEqual([]);
  });

  it('serves nothing when the events cannot be written: the read fails with its record', async () => {
    const id = randomUUID();
    const event = denial(id);
    await uow.record(actor, event);
    // The same event id again violates the outbox's unique key: the whole statement fails, row and all.
    await expect(
      uow.recordedRead<ProbeRow>(actor, [event], (events) => recordedReadSql(probe(true, id), inHospitals([hospital]), events)),
    ).rejects.toThrow(/outbox_event_id_key/);
    expect(await recorded(id)).toHaveLength(1);
  });

  it('is part of an open unit of work: its events roll back with it', async () => {
    const id = randomUUID();
    let inside: ProbeRow[] = [];
    await expect(
      uow.run(actor, async () => {
        inside = await uow.recordedRead<ProbeRow>(actor, [denial(id)], (events) =>
          recordedReadSql(probe(true, id), inHospitals([hospital]), events),
        );
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(inside).toEqual([{ id, hospital_id: hospital, access_recorded: true }]);
    expect(await recorded(id)).toEqual([]);
  });

  it('runs as a prepared statement, which survives a column added to the table it reads', async () => {
    await t.db.query(`CREATE TABLE prepared_probe (id uuid PRIMARY KEY, hospital_id uuid NOT NULL)`);
    const id = randomUUID();
    await t.db.query(`INSERT INTO prepared_probe VALUES ($1, $2)`, [id, hospital]);
    const read = () =>
      uow.recordedRead<ProbeRow & { note?: string }>(actor, [denial(id)], (events) =>
        recordedReadSql({ sql: `SELECT * FROM prepared_probe WHERE id = $1`, params: [id] }, inHospitals([hospital]), events),
      );
    expect(await read()).toEqual([{ id, hospital_id: hospital, access_recorded: true }]);
    // Runs one after the other take the same idle connection, which holds the statement prepared.
    const pool = (t.app.get(DataSource).driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%FROM prepared_probe%'`,
      );
      expect(rows.map((r) => r.name)).toEqual([expect.stringMatching(/^hms_0_[0-9a-f]{24}$/)]);
    } finally {
      client.release();
    }
    // Its plan now answers other columns: PostgreSQL refuses to run it, and it is prepared afresh.
    await t.db.query(`ALTER TABLE prepared_probe ADD COLUMN note text NOT NULL DEFAULT 'added'`);
    expect(await read()).toEqual([{ id, hospital_id: hospital, note: 'added', access_recorded: true }]);
    expect(await recorded(id)).toHaveLength(2);
  });
});
