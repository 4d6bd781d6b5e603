import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IntakeProcessor } from '../../src/modules/intake/infrastructure/intake.processor.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, auditedRows, PROBLEM } from '../patients/support/patients-api.js';
import { givenReceiver, intakeRecord, intakeWriteCounts, type Receiver, settledBatch } from './support/intake-api.js';

/** POST /api/v1/ingest end to end: the batch, the worker's outcomes, the patients and visits it wrote (issue 18). */
describe('patient and visit intake over JSON', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ env: { INGEST_MAX_RECORDS: '20', INGEST_CHUNK_SIZE: '3' } });
    receiver = await givenReceiver(t);
  });
  afterAll(() => t.close());

  const ingest = (body: unknown, key?: string) => {
    const req = receiver.asOfficer.post(`/ingest?hospitalId=${receiver.hospitalId}`);
    return key ? req.set('Idempotency-Key', key).send(body as object) : req.send(body as object);
  };

  it('registers new patients, updates what changed, adds every visit, skips duplicates and refuses bad records alone', async () => {
    const ana = intakeRecord({ first_name: 'Ana' });
    const ben = intakeRecord({ first_name: 'Ben' });
    const records = [
      ana,
      ben,
      // Ana again: a new visit and a changed last name.
      { ...ana, last_name: 'Renamed', visit_account_number: `${ana.visit_account_number}-2`, visit_date: '2026-02-01' },
      // Ana's first visit again: a duplicate, skipped.
      { ...ana, last_name: 'Renamed' },
      // Ben with his own data again and a new visit: unchanged patient.
      { ...ben, visit_account_number: `${ben.visit_account_number}-2` },
      // Ben's visit number sent for Ana: a clash, that record's error; nothing of it written.
      { ...ana, last_name: 'Clash', visit_account_number: ben.visit_account_number },
      // Ben's visit number for Ben with another reason: an error too.
      { ...ben, reason: 'Something else' },
      intakeRecord({ birth_date: '2031-01-01' }),
      intakeRecord({ birth_date: '1990-02-30', mrn: 'MRN 1', first_name: '' }),
      intakeRecord({ birth_date: '2026-03-01', visit_date: '2026-01-01' }),
    ];
    const res = await ingest(records);
    expect(res.status).toBe(202);
    const batchId = res.body.batchId as string;
    expect(res.body).toMatchObject({
      recordsReceived: records.length,
      status: 'received',
      statusUrl: `/api/v1/ingest/batches/${batchId}`,
    });
    expect(res.headers.location).toBe(`/api/v1/ingest/batches/${batchId}`);
    expect(res.body.fileName).toMatch(new RegExp(`^patient_intake_\\d{8}T\\d{6}Z_${batchId}\\.csv$`));

    const batch = await settledBatch(receiver.asOfficer, batchId);
    expect(batch.status).toBe('completed-with-errors');
    expect(batch.counters).toEqual({
      records: 10,
      patientsCreated: 2,
      patientsUpdated: 1,
      patientsUnchanged: 2,
      visitsAdded: 4,
      duplicatesSkipped: 1,
      errors: 5,
    });
    expect(batch.progress).toBe(1);

    const errors = await receiver.asOfficer.get(`/ingest/batches/${batchId}/records?outcome=error`);
    expect(errors.status).toBe(200);
    expect(errors.body.total).toBe(5);
    const byPosition = new Map<number, string[]>(
      (errors.body.items as { position: number; errors: { field: string }[] }[]).map((r) => [
        r.position,
        r.errors.map((e) => e.field),
      ]),
    );
    expect(byPosition.get(6)).toEqual(['visit_account_number']);
    expect(byPosition.get(7)).toEqual(['visit_account_number']);
    expect(byPosition.get(8)).toEqual(['birth_date']);
    expect(byPosition.get(9)?.sort()).toEqual(['birth_date', 'first_name', 'mrn']);
    expect(byPosition.get(10)).toEqual(['birth_date']);
    // Field names and what is wrong, never the values sent.
    expect(JSON.stringify(errors.body)).not.toMatch(/Clash|Something else|Renamed|Feedperson|Follow-up/);

    const duplicates = await receiver.asOfficer.get(`/ingest/batches/${batchId}/records?outcome=duplicate`);
    expect((duplicates.body.items as { position: number }[]).map((r) => r.position)).toEqual([4]);

    // The patients: found by the sender's MRN, Ana renamed once (the clash wrote nothing), each visit a finished AMB encounter.
    const found = await receiver.asOfficer.get(`/patients?mrn=${ana.mrn}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const anaId = found.body.items[0].id as string;
    const anaNow = await receiver.asOfficer.get(`/patients/${anaId}`);
    expect(anaNow.body).toMatchObject({ firstName: 'Ana', lastName: 'Renamed' });
    const [visits] = await t.db.query<{ n: number; finished: number; amb: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'finished')::int AS finished,
              count(*) FILTER (WHERE class = 'AMB')::int AS amb
         FROM encounters WHERE hospital_id = $1`,
      [receiver.hospitalId],
    );
    expect(visits).toEqual({ n: 4, finished: 4, amb: 4 });
    const history = await receiver.asOfficer.get(`/patients/${anaId}/history`);
    expect(history.status).toBe(200);
  });

  it('exports the outcomes as CSV by the sender’s keys, formula-like text defused, and audits the reads', async () => {
    const formula = intakeRecord({ mrn: '=1+2', visit_account_number: '@SUM(A1)' });
    const hyphen = intakeRecord({ mrn: `-${intakeRecord().mrn}` });
    const res = await ingest([formula, hyphen]);
    const batchId = res.body.batchId as string;
    await settledBatch(receiver.asOfficer, batchId);

    const listed = await receiver.asOfficer.get(`/ingest/batches/${batchId}/records`);
    expect((listed.body.items as { mrn: string; outcome: string }[]).map((r) => [r.mrn, r.outcome])).toEqual([
      ['=1+2', 'error'],
      [hyphen.mrn, 'applied'],
    ]);
    const exported = await receiver.asOfficer.get(`/ingest/batches/${batchId}/records.csv`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const lines = exported.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"position","outcome","patient","visit","mrn","visit_account_number","patient_id","encounter_id","errors"',
    );
    expect(lines[1]).toMatch(/^"1","error","","","'=1\+2","'@SUM\(A1\)","","","mrn: /);
    expect(lines[2]).toMatch(new RegExp(`^"2","applied","created","added","'${hyphen.mrn}",`));
    const errorsOnly = await receiver.asOfficer.get(`/ingest/batches/${batchId}/records.csv?outcome=error`);
    expect(errorsOnly.text.trimEnd().split('\r\n')).toHaveLength(2);

    // Fact-only events leave the outbox as they are audited: read where they are sure to be.
    const reads = await auditedRows(t, batchId, 'intake.IntakeRecordsRead.v1');
    expect(reads.map((r) => r.payload.format)).toEqual(['json', 'csv', 'csv']);
  });

  it('answers the first batch for the same Idempotency-Key and feed, and 422 for another feed under it', async () => {
    const feed = [intakeRecord()];
    const first = await ingest(feed, 'feed-2026-12-07-a');
    expect(first.status).toBe(202);
    const again = await ingest(feed, 'feed-2026-12-07-a');
    expect(again.status).toBe(202);
    expect(again.body.batchId).toBe(first.body.batchId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await ingest([intakeRecord()], 'feed-2026-12-07-a');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('INTAKE.IDEMPOTENCY_KEY_REUSED');
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake_batches WHERE idempotency_key = $1`, [
      'feed-2026-12-07-a',
    ]);
    expect(row.n).toBe(1);
    await settledBatch(receiver.asOfficer, first.body.batchId);
  });

  it('answers one batch to the same Idempotency-Key sent five times at once, and keeps one stored file', async () => {
    const feed = [intakeRecord(), intakeRecord()];
    const key = `feed-race-${Date.now()}`;
    const files = async () =>
      ((await readdir(t.config.storage.localDir, { recursive: true }).catch(() => [])) as string[]).filter((name) =>
        name.endsWith('.csv'),
      );
    const before = await files();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ingest(feed, key)));
    expect(answers.map((res) => res.status)).toEqual([202, 202, 202, 202, 202]);
    const batchId = answers[0].body.batchId as string;
    expect(new Set(answers.map((res) => res.body.batchId as string))).toEqual(new Set([batchId]));
    expect(answers.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const rows = await t.db.query<{ id: string }>(`SELECT id FROM intake_batches WHERE idempotency_key = $1`, [key]);
    expect(rows).toEqual([{ id: batchId }]);
    const added = (await files()).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toContain(batchId);
    const batch = await settledBatch(receiver.asOfficer, batchId);
    expect(batch.counters).toMatchObject({ records: 2, patientsCreated: 2, visitsAdded: 2, errors: 0 });
  });

  it('applies each record once when several runs process one batch at the same time', async () => {
    const people = Array.from({ length: 5 }, () => intakeRecord());
    // Each person twice (a second visit, a changed name for two of them): runs of independent records, and repeats.
    const records = [
      ...people,
      ...people.map((p, i) => ({
        ...p,
        last_name: i < 2 ? `${p.last_name}x` : p.last_name,
        visit_account_number: `${p.visit_account_number}-2`,
      })),
    ];
    const res = await ingest(records);
    expect(res.status).toBe(202);
    const batchId = res.body.batchId as string;
    // The queue's worker takes the batch too: three runs race over its chunks.
    const processor = t.app.get(IntakeProcessor);
    await Promise.all([processor.process(batchId), processor.process(batchId)]);
    const batch = await settledBatch(receiver.asOfficer, batchId);
    expect(batch.status).toBe('completed');
    expect(batch.counters).toEqual({
      records: 10,
      patientsCreated: 5,
      patientsUpdated: 2,
      patientsUnchanged: 3,
      visitsAdded: 10,
      duplicatesSkipped: 0,
      errors: 0,
    });
    const [counts] = await t.db.query<{ identifiers: number; patients: number; encounters: number; outcomes: number }>(
      `SELECT (SELECT count(*)::int FROM patient_identifiers WHERE value = ANY($1::text[])) AS identifiers,
              (SELECT count(DISTINCT patient_id)::int FROM patient_identifiers WHERE value = ANY($1::text[])) AS patients,
              (SELECT count(*)::int FROM encounters WHERE account_number = ANY($2::text[])) AS encounters,
              (SELECT count(*)::int FROM intake_records WHERE batch_id = $3) AS outcomes`,
      [people.map((p) => p.mrn), records.map((r) => r.visit_account_number), batchId],
    );
    expect(counts).toEqual({ identifiers: 5, patients: 5, encounters: 10, outcomes: 10 });
  });

  describe('a request refused whole stores and records nothing', () => {
    const cases: [string, () => ReturnType<typeof ingest>, number, string | RegExp][] = [
      ['not an array', () => ingest({ records: [intakeRecord()] }), 400, 'body'],
      ['an empty array', () => ingest([]), 400, 'body'],
      ['too many records', () => ingest(Array.from({ length: 21 }, () => intakeRecord())), 413, 'INTAKE.TOO_MANY_RECORDS'],
      ['an unknown field', () => ingest([intakeRecord(), { ...intakeRecord(), gender: 'F' }]), 400, '[1].gender'],
      ['a value that is not text', () => ingest([{ ...intakeRecord(), birth_date: 19800229 }]), 400, '[0].birth_date'],
    ];
    it.each(cases)('%s', async (_name, send, status, marker) => {
      const before = await intakeWriteCounts(t);
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(res.body)).toContain(marker);
      expect(JSON.stringify(res.body)).not.toMatch(/Feedperson|Testa/);
      expect(await intakeWriteCounts(t)).toEqual(before);
    });

    it('a body that is not JSON: 415', async () => {
      const before = await intakeWriteCounts(t);
      const res = await receiver.asOfficer
        .post(`/ingest?hospitalId=${receiver.hospitalId}`)
        .set('Content-Type', 'text/plain')
        .send('mrn,first_name');
      expect(res.status).toBe(415);
      expect(await intakeWriteCounts(t)).toEqual(before);
    });

    it('a hospital other than the sender’s own, a department of another hospital, no hospital', async () => {
      const before = await intakeWriteCounts(t);
      const elsewhere = await givenReceiver(t);
      const out = await receiver.asOfficer.post(`/ingest?hospitalId=${elsewhere.hospitalId}`).send([intakeRecord()]);
      expect(out.status).toBe(422);
      expect(out.body.code).toBe('INTAKE.HOSPITAL_OUT_OF_SCOPE');
      const wrongDepartment = await receiver.asOfficer
        .post(`/ingest?hospitalId=${receiver.hospitalId}&departmentId=${elsewhere.departmentId}`)
        .send([intakeRecord()]);
      expect(wrongDepartment.status).toBe(422);
      expect(wrongDepartment.body.code).toBe('INTAKE.UNKNOWN_SERVICE_PROVIDER');
      const noHospital = await receiver.asOfficer.post('/ingest').send([intakeRecord()]);
      expect(noHospital.status).toBe(400);
      expect(await intakeWriteCounts(t)).toEqual(before);
      // Each refusal removed the file it stored, if any.
      const stored = await readdir(t.config.storage.localDir, { recursive: true }).catch(() => []);
      const [batches] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake_batches`);
      expect(stored.filter((name) => String(name).endsWith('.csv')).length).toBe(batches.n);
    });
  });

  it('keeps batches to their hospital: another hospital’s reader gets 404 and an empty list', async () => {
    const res = await ingest([intakeRecord()]);
    const other = await givenReceiver(t);
    const outsider = await other.asOfficer.get(`/ingest/batches/${res.body.batchId}`);
    expect(outsider.status).toBe(404);
    const list = await other.asOfficer.get('/ingest/batches');
    expect((list.body.items as { batchId: string }[]).map((b) => b.batchId)).not.toContain(res.body.batchId);
    const mine = await receiver.asOfficer.get('/ingest/batches');
    expect((mine.body.items as { batchId: string }[]).map((b) => b.batchId)).toContain(res.body.batchId);
    const doctor = apiAs(t, await tokenFor(t, 'doctor', { hospitalId: receiver.hospitalId }));
    expect((await doctor.post(`/ingest?hospitalId=${receiver.hospitalId}`).send([intakeRecord()])).status).toBe(403);
    await settledBatch(receiver.asOfficer, res.body.batchId);
  });
});
