import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api } from '../patients/support/patients-api.js';
import { givenReceiver, intakeRecord, type Receiver, settledBatch } from './support/intake-api.js';

/** GET /patients(/id)?include=encounters: a fed patient's visits embedded, within the reader's scope (issue 18). */
describe('patients with their visits embedded', () => {
  let t: TestApp;
  let receiver: Receiver;
  let doctor: Api;
  let patientId: string;
  const record = intakeRecord({ first_name: 'Vera' });

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await givenReceiver(t);
    doctor = apiAs(
      t,
      await tokenFor(t, 'doctor', { hospitalId: receiver.hospitalId, departmentId: receiver.departmentId, profession: 'doctor' }),
    );
    const second = {
      ...record,
      visit_account_number: `${record.visit_account_number}-B`,
      visit_date: '2026-04-02',
      reason: 'Rash',
    };
    const res = await receiver.asOfficer.post(`/ingest?hospitalId=${receiver.hospitalId}`).send([record, second]);
    expect(res.status).toBe(202);
    expect((await settledBatch(receiver.asOfficer, res.body.batchId as string)).status).toBe('completed');
    const found = await receiver.asOfficer.get(`/patients?mrn=${record.mrn}`);
    patientId = found.body.items[0].id as string;
  });
  afterAll(() => t.close());

  it('embeds the encounters newest first, with the reason for a reader of clinical content', async () => {
    const res = await doctor.get(`/patients/${patientId}?include=encounters`);
    expect(res.status).toBe(200);
    expect(res.body.encounters).toEqual([
      expect.objectContaining({
        accountNumber: `${record.visit_account_number}-B`,
        visitDate: '2026-04-02',
        reason: 'Rash',
        status: 'finished',
        class: 'AMB',
      }),
      expect.objectContaining({
        accountNumber: record.visit_account_number,
        visitDate: '2026-01-15',
        reason: 'Follow-up',
        status: 'finished',
      }),
    ]);
  });

  it('hides the reason from a reader of encounters without emr:read, and lists pages of patients with theirs', async () => {
    const res = await receiver.asOfficer.get(`/patients?mrn=${record.mrn}&include=encounters`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const encounters = res.body.items[0].encounters as { reason: string | null; visitDate: string }[];
    expect(encounters.map((e) => e.visitDate)).toEqual(['2026-04-02', '2026-01-15']);
    expect(encounters.every((e) => e.reason === null)).toBe(true);
  });

  it('embeds nothing unless asked, and refuses an unknown include or one with asOf', async () => {
    const plain = await doctor.get(`/patients/${patientId}`);
    expect(plain.body).not.toHaveProperty('encounters');
    expect((await doctor.get(`/patients/${patientId}?include=notes`)).status).toBe(400);
    expect((await doctor.get(`/patients/${patientId}?include=encounters&asOf=2026-01-01T00:00:00Z`)).status).toBe(400);
    expect((await doctor.get(`/patients?lastName=${record.last_name}&firstName=Vera&include=everything`)).status).toBe(400);
  });
});
