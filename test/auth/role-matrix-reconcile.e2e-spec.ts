import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expandCatalogue } from '@hms/authz';
import { CONTEXTS } from '../../src/contexts.js';
import { contextCatalogue } from '../../src/infrastructure/context/context-catalogue.js';
import type { AnyContextDescriptor } from '../../src/infrastructure/context/context-descriptor.js';
import { runMigrations } from '../../src/infrastructure/database/migrate.js';
import { wardsContext } from '../fixtures/wards/wards.context.js';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-env.js';

interface RoleRow {
  id: string;
  name: string;
  permissions: string[];
  version: number;
  updated_at: Date;
}

/**
 * A context added to the list after installation: its permission reaches the
 * built-in roles through the reconcile the migrating process runs at start-up
 * (here runMigrations, as main.ts and `migrations:run` call it), without a
 * migration of the role matrix.
 */
describe('role matrix reconciled from the context descriptors', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: UserWithTokens;
  const firstRelease = [...CONTEXTS, wardsContext({ nurse: ['wards:read'], doctor: ['wards:read:department'] })];
  /** The next release: the same defaults, and new ones for nurse and pharmacist. */
  const secondRelease = [
    ...CONTEXTS,
    wardsContext({
      nurse: ['wards:read', 'wards:read:department'],
      doctor: ['wards:read:department'],
      pharmacist: ['wards:read'],
    }),
  ];

  const catalogue = contextCatalogue(CONTEXTS);
  /** The permissions that open patients' records: migrations before ADR 25 gave them all to admin. */
  const appointmentPermissions = CONTEXTS.find((c) => c.name === 'appointments')!.permissions;
  const patientData = expandCatalogue(catalogue.permissions.filter((def) => def.patientData)).sort();
  const roleEvents = () =>
    db.query<{ aggregate_id: string; version: number; payload: { added: string[]; removed: string[] }; actor: { id: string } }>(
      `SELECT aggregate_id, aggregate_version AS version, payload, actor FROM outbox WHERE type = 'auth.RoleUpdated.v1' ORDER BY id`,
    );

  /** What main.ts does before it serves when DB_MIGRATE_ON_START is on. */
  const startUp = (contexts: readonly AnyContextDescriptor[]) => runMigrations(testConfig({ DATABASE_URL: db.url }), contexts);
  const roles = async () =>
    Object.fromEntries(
      (await db.query<RoleRow>('SELECT id, name, permissions, version, updated_at FROM roles WHERE built_in')).map((r) => [
        r.name,
        r,
      ]),
    );
  const holders = async (permission: string) =>
    (await db.query<{ name: string }>('SELECT name FROM roles WHERE $1 = ANY(permissions) ORDER BY name', [permission])).map(
      (r) => r.name,
    );
  const as = (caller: { accessToken: string }) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', bearer(caller.accessToken)),
    patch: (path: string) => t.http().patch(`/api/v1${path}`).set('Authorization', bearer(caller.accessToken)),
  });

  beforeAll(async () => {
    db = await TestDatabase.create();
    await startUp(firstRelease);
    t = await startTestApp({ db, contexts: firstRelease, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await tokenFor(t, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('gives a new permission to admin and to the built-in roles its descriptor grants it, as audited role changes', async () => {
    expect(await holders('wards:read')).toEqual(['admin', 'nurse']);
    expect(await holders('wards:read:department')).toEqual(['admin', 'doctor']);
    const before = await roles();
    const events = await roleEvents();
    expect(patientData).toEqual(expect.arrayContaining(['patients:read', 'patients:merge', 'patients:emergency-access']));
    expect(events.map((e) => [e.aggregate_id, e.payload.added, e.payload.removed, e.actor.id]).sort()).toEqual(
      [
        // The install's first reconcile (the template's `migrations:run`): the migrations gave admin the
        // patients context's permissions, which it gives up (ADR 25), and admin gains the appointments
        // context's administrative ones (schedules); the records officer and the department head get their
        // defaults, and the roles the EMR's, the intake's and the appointments' descriptors grant to
        // (contexts that came with no migration of grants) theirs.
        [
          before.admin.id,
          expandCatalogue(appointmentPermissions.filter((def) => !def.patientData)).sort(),
          patientData.filter((p) => p.startsWith('patients:')),
          'role-matrix-reconcile',
        ],
        [before.records_officer.id, [...catalogue.defaultGrants.records_officer].sort(), [], 'role-matrix-reconcile'],
        [before.department_head.id, [...catalogue.defaultGrants.department_head].sort(), [], 'role-matrix-reconcile'],
        ...['doctor', 'nurse', 'receptionist', 'billing_clerk'].map((role) => [
          before[role].id,
          catalogue.defaultGrants[role].filter((p) => /^(emr|encounters|intake|appointments|schedules):/.test(p)).sort(),
          [],
          'role-matrix-reconcile',
        ]),
        [before.admin.id, ['wards:read', 'wards:read:department'], [], 'role-matrix-reconcile'],
        [before.doctor.id, ['wards:read:department'], [], 'role-matrix-reconcile'],
        [before.nurse.id, ['wards:read'], [], 'role-matrix-reconcile'],
      ].sort(),
    );
  });

  it('lets the roles in through the API and lists the permission in the catalogue', async () => {
    const nurse = await tokenFor(t, 'nurse');
    const pharmacist = await tokenFor(t, 'pharmacist');
    expect((await as(nurse).get('/wards')).status).toBe(200);
    expect((await as(pharmacist).get('/wards')).status).toBe(403);
    const catalogue = await as(admin).get('/permissions');
    expect(catalogue.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'wards:read' })]));
  });

  it('adds the defaults of the next release, keeps a grant an administrator added and leaves out a default one removed', async () => {
    const { nurse, doctor } = await roles();
    const grant = await as(admin)
      .patch(`/roles/${nurse.id}`)
      .set('If-Match', `"${nurse.version}"`)
      .send({ permissions: [...nurse.permissions, 'hospitals:manage'] });
    expect(grant.status).toBe(200);
    const removal = await as(admin)
      .patch(`/roles/${doctor.id}`)
      .set('If-Match', `"${doctor.version}"`)
      .send({ permissions: doctor.permissions.filter((p) => p !== 'wards:read:department') });
    expect(removal.status).toBe(200);

    await startUp(secondRelease);
    await startUp(secondRelease);

    expect(await holders('wards:read')).toEqual(['admin', 'nurse', 'pharmacist']);
    expect(await holders('wards:read:department')).toEqual(['admin', 'nurse']);
    expect(await holders('hospitals:manage')).toEqual(['admin', 'nurse']);
  });

  it('takes from admin a patient permission it still holds, as an audited role change, and from no other role', async () => {
    // An installation upgraded from before ADR 25, or a hand edit of the table.
    await db.query(`UPDATE roles SET permissions = permissions || '{patients:read,patients:merge}' WHERE name = 'admin'`);
    await db.query(`UPDATE roles SET permissions = permissions || '{patients:read}' WHERE name = 'auditor'`);
    const before = await roles();
    const eventsBefore = (await roleEvents()).length;

    await startUp(secondRelease);

    const after = await roles();
    expect(after.admin.permissions).not.toContain('patients:read');
    expect(after.admin.permissions).not.toContain('patients:merge');
    expect([...after.admin.permissions].sort()).toEqual(
      before.admin.permissions.filter((p) => !p.startsWith('patients:')).sort(),
    );
    expect(after.admin.version).toBe(before.admin.version + 1);
    expect(after.auditor.permissions).toContain('patients:read');
    expect(await holders('patients:merge')).toEqual(['records_officer']);
    const added = (await roleEvents()).slice(eventsBefore);
    expect(added.map((e) => [e.aggregate_id, e.version, e.payload.added, e.payload.removed, e.actor.id])).toEqual([
      [before.admin.id, after.admin.version, [], ['patients:merge', 'patients:read'], 'role-matrix-reconcile'],
    ]);
  });

  it('changes nothing when it runs again', async () => {
    const snapshot = async () => ({
      roles: await roles(),
      applied: await db.query('SELECT role_id, permission, applied_at FROM role_default_grants ORDER BY role_id, permission'),
      outbox: await db.query('SELECT count(*)::int AS n FROM outbox'),
    });
    const before = await snapshot();
    await startUp(secondRelease);
    expect(await snapshot()).toEqual(before);
  });
});
