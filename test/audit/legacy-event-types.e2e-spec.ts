import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LEGACY_EVENT_TYPES } from '../../migrations/1796590200460-NamespaceEventTypes.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, givenHospital, patientBody } from '../patients/support/patients-api.js';
import { appendAll, verifyChain } from './support/audit-store.js';
import { textBody } from '../support/text-body.js';

interface Item {
  sequence: number;
  type: string;
  action: string;
  aggregateVersion: number;
}

/**
 * Entries audited before event types were namespaced keep their class-name
 * type: the store is append-only and the hash covers the type as stored.
 * Readers map those names (ADR 13); verification hashes them as they are.
 */
describe('audit entries stored under legacy class-name types', () => {
  let t: TestApp;
  let asAdmin: Api;
  let asReceptionist: Api;
  let patientId: string;
  const body = patientBody();

  /** Renames what is still unaudited in the outbox back to class names, as the outbox held them before the migration. */
  async function asBeforeTheMigration(): Promise<void> {
    await t.db.query(
      `UPDATE outbox o SET type = m.legacy FROM unnest($1::text[], $2::text[]) AS m (legacy, namespaced)
        WHERE o.type = m.namespaced AND o.audited_at IS NULL`,
      [LEGACY_EVENT_TYPES.map(([legacy]) => legacy), LEGACY_EVENT_TYPES.map(([, namespaced]) => namespaced)],
    );
  }

  const events = async (query: string) => {
    const res = await asAdmin.get(`/audit/events?order=asc&${query}`);
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };

  beforeAll(async () => {
    // The api role alone: nothing is audited until the test says so.
    t = await startTestApp({ env: { APP_ROLE: 'api', RATE_LIMIT_MAX: '100000' } });
    const admin = await tokenFor(t, 'admin');
    asAdmin = apiAs(t, admin);
    const hospitalId = await givenHospital(asAdmin);
    asReceptionist = apiAs(t, await tokenFor(t, 'receptionist', { hospitalId }), 'treatment');

    // Versions 1 and 2, and a read, audited under their legacy names ...
    const registered = await asReceptionist.post('/patients').send({ ...body, registeringHospitalId: hospitalId });
    expect(registered.status).toBe(201);
    patientId = registered.body.id as string;
    expect(
      (await asReceptionist.patch(`/patients/${patientId}`).set('If-Match', '"1"').send({ lastName: 'Oldname' })).status,
    ).toBe(200);
    expect((await asReceptionist.get(`/patients/${patientId}`)).status).toBe(200);
    await asBeforeTheMigration();
    await appendAll(t);
    // ... version 3 under its namespaced type, in the same chain.
    expect(
      (await asReceptionist.patch(`/patients/${patientId}`).set('If-Match', '"2"').send({ lastName: 'Newname' })).status,
    ).toBe(200);
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('keep the type they were stored and hashed under, and the chain verifies across old and new entries', async () => {
    const stored = await t.db.query<{ type: string; action: string }>(
      `SELECT type, action FROM audit_events WHERE resource_type = 'Patient' AND resource_id = $1 ORDER BY sequence`,
      [patientId],
    );
    expect(stored.map((r) => r.type)).toEqual(
      expect.arrayContaining(['PatientRegistered', 'PatientUpdated', 'PatientRecordAccessed', 'patients.PatientUpdated.v1']),
    );
    expect(stored.find((r) => r.type === 'PatientUpdated')?.action).toBe('update');
    const verification = await verifyChain(t);
    expect(verification).toMatchObject({ valid: true, firstBrokenSequence: null });
    expect(verification.checked).toBeGreaterThan(stored.length);
  });

  it('are shown under their namespaced type, and a type filter in either form finds old and new entries', async () => {
    const all = await events(`resourceType=Patient&resourceId=${patientId}`);
    expect(all.every((i) => i.type.startsWith('patients.'))).toBe(true);
    expect(all.filter((i) => i.aggregateVersion > 0).map((i) => [i.aggregateVersion, i.type])).toEqual([
      [1, 'patients.PatientRegistered.v1'],
      [2, 'patients.PatientUpdated.v1'],
      [3, 'patients.PatientUpdated.v1'],
    ]);

    const updates = await events(`resourceId=${patientId}&type=patients.PatientUpdated.v1`);
    expect(updates.map((i) => [i.aggregateVersion, i.type, i.action])).toEqual([
      [2, 'patients.PatientUpdated.v1', 'update'],
      [3, 'patients.PatientUpdated.v1', 'update'],
    ]);
    expect(await events(`resourceId=${patientId}&type=PatientUpdated`)).toEqual(updates);
  });

  it('rebuild the patient’s history and past versions from old and new entries alike', async () => {
    const history = await asReceptionist.get(`/patients/${patientId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.complete).toBe(true);
    const versions = history.body.versions as { version: number; type: string; patient: { lastName: string } }[];
    expect(versions.map((v) => [v.version, v.type, v.patient.lastName])).toEqual([
      [1, 'patients.PatientRegistered.v1', body.lastName],
      [2, 'patients.PatientUpdated.v1', 'Oldname'],
      [3, 'patients.PatientUpdated.v1', 'Newname'],
    ]);
  });

  it('appear in the access report and the exports under their namespaced type', async () => {
    const report = await asAdmin.get(`/audit/patients/${patientId}/access-report`);
    expect(report.status).toBe(200);
    const types = (report.body.items as { type: string }[]).map((i) => i.type);
    expect(types).toContain('patients.PatientRecordAccessed.v1');
    expect(types.every((type) => type.includes('.'))).toBe(true);

    const fhir = await asAdmin
      .get(`/audit/export?format=fhir&resourceType=Patient&resourceId=${patientId}`)
      .buffer(true)
      .parse(textBody);
    expect(fhir.status).toBe(200);
    const bundle = JSON.parse(fhir.body as string) as { entry: { resource: { subtype: { code: string }[]; action: string } }[] };
    expect(bundle.entry.map((e) => e.resource.subtype[0].code)).toContain('patients.PatientRegistered.v1');
    expect(bundle.entry.map((e) => e.resource.subtype[0].code).some((code) => !code.includes('.'))).toBe(false);
  });
});
