import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uuidv7 } from '@hms/ddd';
import { appendAll, verifyChain } from '../audit/support/audit-store.js';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, auditedRows, givenHospital, patientBody, PROBLEM } from './support/patients-api.js';
import { textBody } from '../support/text-body.js';

const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

interface AuditItem {
  sequence: number;
  type: string;
  who?: { id: string };
  actor?: { id: string };
  why?: string | null;
  reason?: string | null;
  purposeOfUse?: string | null;
  change?: Record<string, unknown>;
}

describe('X-Purpose-Of-Use in the HL7 v3 PurposeOfUse vocabulary', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let pharmacist: UserWithTokens;
  let patientId: string;

  const read = (purpose?: string) => apiAs(t, pharmacist, purpose).get(`/patients/${patientId}`);
  const purposesRecorded = async () =>
    (await auditedRows(t, patientId, 'patients.PatientRecordAccessed.v1'))
      .filter((row) => row.actor.id === pharmacist.userId)
      .map((row) => row.payload.purposeOfUse);
  const asAuditor = (path: string) => t.http().get(`/api/v1/audit${path}`).set('Authorization', bearer(auditor.accessToken));
  const pharmacistReads = (items: AuditItem[]) =>
    items
      .filter((i) => i.type === 'patients.PatientRecordAccessed.v1' && (i.who ?? i.actor)?.id === pharmacist.userId)
      .sort((a, b) => a.sequence - b.sequence);

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '100000' } });
    const admin = await tokenFor(t, 'admin');
    const hospitalId = await givenHospital(apiAs(t, admin));
    const receptionist = await tokenFor(t, 'receptionist', { hospitalId });
    pharmacist = await tokenFor(t, 'pharmacist', { hospitalId });
    auditor = await tokenFor(t, 'auditor');
    const registered = await apiAs(t, receptionist).post('/patients').send(patientBody());
    expect(registered.status).toBe(201);
    patientId = registered.body.id as string;
  });
  afterAll(() => t.close());

  it('accepts the HL7 codes as HL7 writes them, and records each lower-case alias as its code', async () => {
    for (const purpose of ['TREAT', 'ETREAT', 'billing', undefined]) expect((await read(purpose)).status).toBe(200);
    expect(await purposesRecorded()).toEqual(['TREAT', 'ETREAT', 'HPAYMT', 'TREAT']);
  });

  it.each([
    ['an unknown code', 'TREATMENT'],
    ['a code in the wrong case', 'Etreat'],
    ['two codes', 'TREAT;ETREAT'],
    ['free text', 'because I was curious'],
    ['a very long value', `nosy-${'x'.repeat(8_000)}`],
  ])('answers 400 problem details for %s, naming the header and listing the accepted values', async (_, purpose) => {
    const before = (await purposesRecorded()).length;
    const res = await read(purpose);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([{ field: 'X-Purpose-Of-Use', message: expect.stringContaining('TREAT, ETREAT') }]);
    expect(res.body.errors[0].message).toContain('treatment');
    expect(res.text).not.toContain(purpose.slice(0, 12));
    expect(res.text.length).toBeLessThan(2_000);
    expect(await purposesRecorded()).toHaveLength(before);
  });

  describe('in the audit trail', () => {
    beforeAll(async () => {
      // A read recorded by a server from before HL7 codes and namespaced types, with the alias and class name it stored then.
      await t.db.query(
        `INSERT INTO outbox (event_id, type, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor, correlation_id, payload,
                             audit_action, audit_outcome)
         VALUES ($1, 'PatientRecordAccessed', 'Patient', $2, 0, now(), $3, 'legacy-read', $4, 'read', 'success')`,
        [
          uuidv7(),
          patientId,
          JSON.stringify({ kind: 'user', id: pharmacist.userId, roles: ['pharmacist'] }),
          JSON.stringify({ patientId, access: 'read', purposeOfUse: 'treatment' }),
        ],
      );
      await appendAll(t);
    });

    it('reports the HL7 code in the access report, an older alias mapped when read', async () => {
      const res = await asAuditor(`/patients/${patientId}/access-report?limit=500`);
      expect(res.status).toBe(200);
      expect(pharmacistReads(res.body.items as AuditItem[]).map((i) => i.why)).toEqual([
        'TREAT',
        'ETREAT',
        'HPAYMT',
        'TREAT',
        'TREAT',
      ]);
    });

    it('shows the code on each audit record, keeping what was stored (and hashed) as it was', async () => {
      const res = await asAuditor(`/events?patientId=${patientId}&type=PatientRecordAccessed&limit=500`);
      expect(res.status).toBe(200);
      const items = pharmacistReads(res.body.items as AuditItem[]);
      expect(items.map((i) => i.purposeOfUse)).toEqual(['TREAT', 'ETREAT', 'HPAYMT', 'TREAT', 'TREAT']);
      const legacy = items.at(-1);
      expect(legacy).toMatchObject({ reason: 'treatment', change: { purposeOfUse: 'treatment' } });
      // Mapping on read leaves the append-only store alone: the chain still verifies.
      expect(await verifyChain(t)).toMatchObject({ valid: true });
    });

    it('codes purposeOfEvent in v3-ActReason in the FHIR export', async () => {
      const res = await asAuditor(`/export?format=fhir&patientId=${patientId}&type=PatientRecordAccessed`)
        .buffer(true)
        .parse(textBody);
      expect(res.status).toBe(200);
      const bundle = JSON.parse(res.body as string) as { entry: { resource: { purposeOfEvent: unknown } }[] };
      const purposes = bundle.entry.map((e) => e.resource.purposeOfEvent);
      expect(purposes).toContainEqual([{ coding: [{ system: V3_ACT_REASON, code: 'ETREAT', display: 'Emergency Treatment' }] }]);
      expect(purposes).toContainEqual([{ coding: [{ system: V3_ACT_REASON, code: 'HPAYMT', display: 'healthcare payment' }] }]);
      // The legacy `treatment` comes out coded like the new TREAT reads.
      const treat = purposes.filter((p) => JSON.stringify(p).includes('"code":"TREAT"'));
      expect(treat).toHaveLength(3);
      expect(JSON.stringify(purposes)).not.toContain('"text"');
    });
  });
});
