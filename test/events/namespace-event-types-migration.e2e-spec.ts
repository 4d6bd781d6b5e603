import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { NamespaceEventTypes1796590200460 } from '../../migrations/1796590200460-NamespaceEventTypes.js';
import { TestDatabase } from '../support/test-database.js';

interface Row {
  type: string;
  audit_action: string;
  audit_outcome: string;
}

/** Outbox rows as the previous version wrote them: class-name types, no audit filing. */
const BEFORE = [
  'AccessDenied',
  'LoginFailed',
  'RefreshTokenReused',
  'EmergencyAccessGranted',
  'PatientRegistered',
  'PatientMerged',
  'HospitalBatchActivated',
  // A type no class of this version declares: filed by the old rules, its name left alone.
  'AppointmentCancelled',
];

describe('the NamespaceEventTypes migration', () => {
  let db: TestDatabase;
  const migration = new NamespaceEventTypes1796590200460();
  let runner: QueryRunner;

  const rows = () =>
    db.query<Row>(`SELECT type, audit_action, audit_outcome FROM outbox WHERE correlation_id = 'migration-test' ORDER BY id`);

  beforeAll(async () => {
    db = await TestDatabase.create();
    runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params) } as unknown as QueryRunner;
    // Back to the schema before it, with rows of that time.
    await migration.down(runner);
    await db.query(
      `INSERT INTO outbox (event_id, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor, correlation_id, payload)
       SELECT gen_random_uuid(), t, 'Thing', 't-' || n, 0, now(), '{"kind": "system", "id": "old"}', 'migration-test', '{}'
         FROM unnest($1::text[]) WITH ORDINALITY AS u (t, n)`,
      [BEFORE],
    );
  });
  afterAll(() => db.drop());

  it('namespaces the types of outbox rows and files each as the old rules did', async () => {
    await migration.up(runner);
    expect(await rows()).toEqual([
      { type: 'authz.AccessDenied.v1', audit_action: 'deny', audit_outcome: 'denied' },
      { type: 'auth.LoginFailed.v1', audit_action: 'login', audit_outcome: 'failure' },
      { type: 'auth.RefreshTokenReused.v1', audit_action: 'login', audit_outcome: 'failure' },
      { type: 'auth.EmergencyAccessGranted.v1', audit_action: 'emergency-access', audit_outcome: 'success' },
      { type: 'patients.PatientRegistered.v1', audit_action: 'create', audit_outcome: 'success' },
      { type: 'patients.PatientMerged.v1', audit_action: 'update', audit_outcome: 'success' },
      { type: 'hospitals.HospitalBatchActivated.v1', audit_action: 'execute', audit_outcome: 'success' },
      { type: 'AppointmentCancelled', audit_action: 'delete', audit_outcome: 'success' },
    ]);
    // From now on a row must say how it is audited.
    await expect(
      db.query(
        `INSERT INTO outbox (event_id, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor, correlation_id, payload)
         VALUES (gen_random_uuid(), 'test.Unfiled.v1', 'Thing', 'x', 0, now(), '{}', 'c', '{}')`,
      ),
    ).rejects.toThrow(/audit_action/);
  });

  it('reverts to the class names and the old columns', async () => {
    await migration.down(runner);
    expect(
      (await db.query<{ type: string }>(`SELECT type FROM outbox WHERE correlation_id = 'migration-test' ORDER BY id`)).map(
        (r) => r.type,
      ),
    ).toEqual(BEFORE);
    const columns = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'outbox' AND column_name LIKE 'audit_a%'`,
    );
    expect(columns).toEqual([]);
    await migration.up(runner);
  });
});
