import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, fieldsOf, outboxRows, PROBLEM } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { clinicalWriteCounts, FULL_SET, givenFinishedEncounter, givenOpenEncounter } from './support/clinical-records.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';

const LATE_REASON = 'Monitor printout found after the ward round';
const ERROR_REASON = 'Scale not zeroed before weighing';
const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

interface Observation {
  id: string;
  code: string;
  value: number;
  unit: string;
  interpretation: string | null;
  derived: boolean;
  status: string;
  version: number;
  effectiveDateTime: string;
}

/** Vital signs over HTTP: the set, every refusal with its field, the encounter's gate, entered-in-error, the trend and its access. */
describe('vital signs', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let asNurse: Api;
  let patientId: string;
  let encounterId: string;

  const record = (api: Api, id: string, body: Record<string, unknown>) => api.post(`/encounters/${id}/vitals`).send(body);
  const audited = (type: string, userId: string) =>
    queryAudited<{ type: string; aggregate_id: string; payload: Record<string, unknown> }>(
      t,
      `SELECT type, aggregate_id, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    asNurse = apiAs(t, ward.nurse);
    patientId = await givenPatient(t, ward);
    encounterId = await givenOpenEncounter(asDoctor, patientId);
  });
  afterAll(() => t?.close());

  it('records a set in one request with its interpretations and the computed BMI, one event with the values', async () => {
    const measuredAt = minutesFromNow(-5);
    const res = await record(asNurse, encounterId, {
      effectiveDateTime: measuredAt,
      observations: [...FULL_SET.slice(0, 6).map((o, i) => (i === 0 ? { ...o, value: 128 } : o)), ...FULL_SET.slice(6)],
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      encounterId,
      patientId,
      effectiveDateTime: measuredAt,
      lateEntry: false,
      lateEntryReason: null,
      recordedBy: ward.nurse.userId,
      version: 1,
    });
    const observations = res.body.observations as Observation[];
    expect(observations.map((o) => [o.code, o.value, o.unit, o.interpretation, o.derived, o.status])).toEqual([
      ['8867-4', 128, '/min', 'H', false, 'final'],
      ['8480-6', 118, 'mm[Hg]', 'N', false, 'final'],
      ['8462-4', 76, 'mm[Hg]', 'N', false, 'final'],
      ['8310-5', 36.8, 'Cel', 'N', false, 'final'],
      ['9279-1', 14, '/min', 'N', false, 'final'],
      ['59408-5', 98, '%', 'N', false, 'final'],
      ['29463-7', 70, 'kg', null, false, 'final'],
      ['8302-2', 175, 'cm', null, false, 'final'],
      ['39156-5', 22.9, 'kg/m2', 'N', true, 'final'],
    ]);
    expect(observations[0]).toMatchObject({ category: 'vital-signs', system: 'http://loinc.org', display: 'Heart rate' });

    const rows = await t.db.query<{ code: string; value: string; listed_at: Date; effective_at: Date }>(
      `SELECT code, value::text, listed_at, effective_at FROM vital_observations WHERE set_id = $1 ORDER BY code`,
      [res.body.id],
    );
    expect(rows.find((r) => r.code === '8310-5')?.value).toBe('36.800');
    for (const row of rows) expect(row.listed_at.toISOString()).toBe(measuredAt);

    const events = await outboxRows(t, res.body.id as string);
    expect(events.map((e) => [e.type, e.aggregate_type, e.aggregate_version])).toEqual([
      ['emr.VitalsRecorded.v1', 'VitalSet', 1],
    ]);
    const payload = events[0].payload as { patientId: string; observations: { code: string; value: number }[] };
    expect(payload).toMatchObject({
      vitalSetId: res.body.id,
      patientId,
      encounterId,
      lateEntry: false,
      lateEntryReasonRecorded: false,
    });
    expect(payload.observations.map((o) => [o.code, o.value])).toContainEqual(['8867-4', 128]);
    expect(payload.observations).toHaveLength(9);
  });

  it('refuses impossible values, wrong units, unknown codes, a BMI sent, strings and future instants (400 per field), storing nothing', async () => {
    const before = await clinicalWriteCounts(t);
    const impossible = await record(asDoctor, encounterId, {
      observations: [
        { code: '8867-4', value: 72, unit: '/min' },
        { code: '8310-5', value: 55, unit: 'Cel' },
        { code: '59408-5', value: 101, unit: '%' },
        { code: '8480-6', value: 80, unit: 'mm[Hg]' },
        { code: '8462-4', value: 90, unit: 'mm[Hg]' },
      ],
    });
    expect(impossible.status).toBe(400);
    expect(impossible.headers['content-type']).toMatch(PROBLEM);
    expect(fieldsOf(impossible.body)).toEqual(['observations[1].value', 'observations[2].value', 'observations[4].value']);

    const cases: [Record<string, unknown>, string[]][] = [
      [{ observations: [{ code: '8310-5', value: 37, unit: 'degC' }] }, ['observations[0].unit']],
      [
        {
          observations: [
            { code: '8867-4', value: 70, unit: '/min' },
            { code: '29463-7', value: 70, unit: 'g' },
          ],
        },
        ['observations[1].unit'],
      ],
      [{ observations: [{ code: '1234-5', value: 1, unit: '/min' }] }, ['observations[0].code']],
      [{ observations: [{ code: '39156-5', value: 22, unit: 'kg/m2' }] }, ['observations[0].code']],
      [{ observations: [{ code: '8867-4', value: '72', unit: '/min' }] }, ['observations[0].value']],
      [{ observations: [{ code: '8867-4', value: 72, unit: '/min', interpretation: 'N' }] }, ['observations[0].interpretation']],
      [{ observations: [{ code: '8867-4', value: 72.5, unit: '/min' }] }, ['observations[0].value']],
      [{ observations: [FULL_SET[0], FULL_SET[0]] }, ['observations[1].code']],
      [{ observations: [] }, ['observations']],
      [
        {
          observations: [
            { code: '29463-7', value: 650, unit: 'kg' },
            { code: '8302-2', value: 20, unit: 'cm' },
          ],
        },
        ['observations[0].value', 'observations[1].value'],
      ],
      [{ observations: [FULL_SET[0]], effectiveDateTime: minutesFromNow(10) }, ['effectiveDateTime']],
      [{ observations: [FULL_SET[0]], effectiveDateTime: '2026-02-30T08:00:00Z' }, ['effectiveDateTime']],
      [{ observations: [FULL_SET[0]], effectiveDateTime: '2026-02-03 08:00' }, ['effectiveDateTime']],
    ];
    for (const [body, fields] of cases) {
      const res = await record(asDoctor, encounterId, body);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, fields]);
    }
    // Within the clock skew is now.
    expect(
      (await record(asDoctor, encounterId, { observations: [FULL_SET[0]], effectiveDateTime: minutesFromNow(1) })).status,
    ).toBe(201);
    const after = await clinicalWriteCounts(t);
    expect(after).toEqual({ ...before, sets: before.sets + 1, observations: before.observations + 1, events: before.events + 1 });
  });

  it('refuses vitals on a finished encounter without a late-entry reason (409), takes them flagged with one, and never on a cancelled one', async () => {
    const finished = await givenFinishedEncounter(asDoctor, patientId);
    const cancelled = (await givenEncounter(asDoctor, patientId)).id;
    expect((await asDoctor.post(`/encounters/${cancelled}/cancel`).send({})).status).toBe(200);
    const before = await clinicalWriteCounts(t);
    const locked = await record(asNurse, finished, { observations: FULL_SET });
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'EMR.ENCOUNTER_LOCKED', encounterId: finished });
    for (const body of [{ observations: FULL_SET }, { observations: FULL_SET, lateEntryReason: LATE_REASON }]) {
      const voided = await record(asNurse, cancelled, body);
      expect([voided.status, voided.body.code]).toEqual([409, 'EMR.ENCOUNTER_VOID']);
    }
    const notLate = await record(asNurse, encounterId, { observations: FULL_SET, lateEntryReason: LATE_REASON });
    expect([notLate.status, notLate.body.code]).toEqual([409, 'EMR.NOT_A_LATE_ENTRY']);
    expect(await clinicalWriteCounts(t)).toEqual(before);

    const late = await record(asNurse, finished, { observations: FULL_SET.slice(0, 2), lateEntryReason: LATE_REASON });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ lateEntry: true, lateEntryReason: LATE_REASON });
    expect((late.body.observations as { lateEntry: boolean }[]).every((o) => o.lateEntry)).toBe(true);
    const [row] = await t.db.query<{ late_entry_reason: string; pii_key_id: string }>(
      'SELECT late_entry_reason, pii_key_id FROM vital_sets WHERE id = $1',
      [late.body.id],
    );
    expect(row.late_entry_reason).toMatch(/^v1\./);
    expect(row.late_entry_reason).not.toContain('printout');
    const [event] = await outboxRows(t, late.body.id as string);
    expect(event.payload).toMatchObject({ lateEntry: true, lateEntryReasonRecorded: true });
    const everything = JSON.stringify(
      await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'),
    );
    expect(everything).not.toContain('printout');
    expect(t.logs.text()).not.toContain('printout');
  });

  it('answers 404 for unknown encounters and those outside the writer’s emr:write (audited), and 403 without emr:write', async () => {
    const receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    const before = await clinicalWriteCounts(t);
    expect((await record(asDoctor, randomUUID(), { observations: FULL_SET })).status).toBe(404);
    const refused = await record(apiAs(t, ward.oncologist), encounterId, { observations: FULL_SET });
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain(patientId);
    const [denied] = (await audited('authz.AccessDenied.v1', ward.oncologist.userId)).filter(
      (e) => e.payload.resourceId === encounterId,
    );
    expect(denied.payload).toMatchObject({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Encounter' });
    expect((await record(apiAs(t, receptionist), encounterId, { observations: FULL_SET })).status).toBe(403);
    expect(await clinicalWriteCounts(t)).toEqual(before);
  });

  it('marks one observation entered-in-error under If-Match with an encrypted reason, the BMI made of it with it, once', async () => {
    const set = await record(asNurse, encounterId, { observations: FULL_SET });
    const observations = set.body.observations as Observation[];
    const weight = observations.find((o) => o.code === '29463-7')!;
    const bmi = observations.find((o) => o.code === '39156-5')!;
    const path = `/vitals/${weight.id}/entered-in-error`;
    expect((await asNurse.post(path).send({ reason: ERROR_REASON })).status).toBe(428);
    expect((await asNurse.post(path).set('If-Match', '"7"').send({ reason: ERROR_REASON })).status).toBe(412);
    expect(fieldsOf((await asNurse.post(path).set('If-Match', '"1"').send({})).body)).toContain('reason');
    const refused = await apiAs(t, ward.oncologist).post(path).set('If-Match', '"1"').send({ reason: ERROR_REASON });
    expect(refused.status).toBe(404);

    const marked = await asNurse.post(path).set('If-Match', '"1"').send({ reason: ERROR_REASON });
    expect(marked.status).toBe(200);
    expect(marked.headers.etag).toBe('"2"');
    expect(marked.body).toMatchObject({
      id: weight.id,
      status: 'entered-in-error',
      statusReason: ERROR_REASON,
      value: 70,
      version: 2,
    });
    const again = await asNurse.post(path).set('If-Match', '"2"').send({ reason: ERROR_REASON });
    expect([again.status, again.body.code]).toEqual([409, 'EMR.RECORD_ENTERED_IN_ERROR']);

    const rows = await t.db.query<{ id: string; status: string; status_reason: string | null }>(
      'SELECT id, status, status_reason FROM vital_observations WHERE set_id = $1',
      [set.body.id],
    );
    expect(
      rows
        .filter((r) => r.status === 'entered-in-error')
        .map((r) => r.id)
        .sort(),
    ).toEqual([weight.id, bmi.id].sort());
    for (const row of rows.filter((r) => r.status_reason !== null)) expect(row.status_reason).not.toContain('zeroed');
    const [event] = await outboxRows(t, set.body.id as string, 'emr.VitalMarkedEnteredInError.v1');
    expect(event.aggregate_version).toBe(2);
    expect((event.payload.observationIds as string[]).sort()).toEqual([weight.id, bmi.id].sort());
    expect(JSON.stringify(event.payload)).not.toContain('zeroed');

    // The trend leaves wrong values out unless asked for them; nothing was deleted.
    const trend = await asDoctor.get(`/patients/${patientId}/vitals?code=29463-7`);
    expect((trend.body.items as Observation[]).map((o) => o.id)).not.toContain(weight.id);
    const wrong = await asDoctor.get(`/patients/${patientId}/vitals?code=29463-7&status=entered-in-error`);
    expect((wrong.body.items as Observation[]).map((o) => o.id)).toEqual([weight.id]);

    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/VitalSet/${set.body.id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: { observations: { code: string; status: string }[] } }[];
    expect(items.map((e) => e.type)).toEqual(['emr.VitalsRecorded.v1', 'emr.VitalMarkedEnteredInError.v1']);
    expect(items[1].change.observations.find((o) => o.code === '29463-7')?.status).toBe('entered-in-error');
    expect(JSON.stringify(history.body)).not.toContain('zeroed');
    expect(t.logs.text()).not.toContain('zeroed');
  });

  it('serialises two marks of one observation on its set: one 200, one 409, one event', async () => {
    for (let round = 0; round < 4; round += 1) {
      const set = await record(asNurse, encounterId, { observations: FULL_SET.slice(6) });
      const height = (set.body.observations as Observation[]).find((o) => o.code === '8302-2')!;
      const weight = (set.body.observations as Observation[]).find((o) => o.code === '29463-7')!;
      const answers = await Promise.all(
        [height.id, height.id, weight.id].map((id) =>
          asNurse.post(`/vitals/${id}/entered-in-error`).set('If-Match', '"1"').send({ reason: ERROR_REASON }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 409]);
      const events = await outboxRows(t, set.body.id as string, 'emr.VitalMarkedEnteredInError.v1');
      expect(events.map((e) => e.aggregate_version).sort()).toEqual([2, 3]);
      const [{ n }] = await t.db.query<{ n: number }>(
        `SELECT max(version)::int AS n FROM vital_observations WHERE set_id = $1 AND code = '39156-5'`,
        [set.body.id],
      );
      expect(n).toBe(2); // the BMI was marked once, by whichever came first
    }
  });

  it('lets no contemporaneous set in after a finish: a set racing the finish is taken before it or refused as locked', async () => {
    for (let round = 0; round < 5; round += 1) {
      const encounter = await givenOpenEncounter(asDoctor, patientId);
      const [vitals, finish] = await Promise.all([
        record(asNurse, encounter, { observations: FULL_SET.slice(0, 3) }),
        asDoctor.post(`/encounters/${encounter}/finish`).send({}),
      ]);
      expect(finish.status).toBe(200);
      expect([201, 409]).toContain(vitals.status);
      const stored = await t.db.query<{ late_entry: boolean }>('SELECT late_entry FROM vital_sets WHERE encounter_id = $1', [
        encounter,
      ]);
      if (vitals.status === 409) {
        expect(vitals.body.code).toBe('EMR.ENCOUNTER_LOCKED');
        expect(stored).toEqual([]);
      } else {
        expect(stored).toEqual([{ late_entry: false }]);
      }
    }
  });

  it('serves the trend of one code newest measured first in keyset pages, within from and to, each observation audited', async () => {
    const other = await givenPatient(t, ward);
    const encounter = await givenOpenEncounter(asDoctor, other);
    const times = [-50, -40, -30, -20, -10].map(minutesFromNow);
    for (const [i, at] of times.entries()) {
      const res = await record(asNurse, encounter, {
        effectiveDateTime: at,
        observations: [
          { code: '8867-4', value: 60 + i * 15, unit: '/min' },
          { code: '9279-1', value: 16, unit: '/min' },
        ],
      });
      expect(res.status).toBe(201);
    }
    const before = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).length;
    const seen: Observation[] = [];
    let cursor: string | null = null;
    do {
      const res = await asDoctor.get(`/patients/${other}/vitals?code=8867-4&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Observation[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.map((o) => [o.effectiveDateTime, o.value])).toEqual(times.map((at, i) => [at, 60 + i * 15]).reverse());
    expect(seen.map((o) => o.interpretation)).toEqual(['H', 'H', 'N', 'N', 'N']);
    const reads = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).slice(before);
    expect(reads).toHaveLength(5);
    expect(reads[0].payload).toMatchObject({ patientId: other, resourceType: 'emr.vitals', access: 'list' });

    const window = await asDoctor.get(
      `/patients/${other}/vitals?code=8867-4&from=${encodeURIComponent(times[1])}&to=${encodeURIComponent(times[3])}`,
    );
    expect((window.body.items as Observation[]).map((o) => o.value)).toEqual([105, 90, 75]);
    const all = await asDoctor.get(`/patients/${other}/vitals`);
    expect(all.body.items).toHaveLength(10);

    for (const [query, field] of [
      ['code=1234-5', 'code'],
      ['code=39156', 'code'],
      [`from=${encodeURIComponent(times[3])}&to=${encodeURIComponent(times[1])}`, 'from'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01T00:00:00Z', 'to'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['status=deleted', 'status'],
    ]) {
      const res = await asDoctor.get(`/patients/${other}/vitals?${query}`);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    }
  });

  it('shows the trend only under emr:read and its scopes: 404 audited out of scope, 404 to front desk, break-the-glass opens it', async () => {
    await record(asNurse, encounterId, { observations: [FULL_SET[0]] });
    expect((await asNurse.get(`/patients/${patientId}/vitals`)).status).toBe(200);
    const oncologist = apiAs(t, ward.oncologist);
    expect((await oncologist.get(`/patients/${patientId}/vitals`)).status).toBe(404);
    const refusals = (await audited('authz.AccessDenied.v1', ward.oncologist.userId)).filter(
      (e) => e.payload.resourceType === 'Patient' && e.payload.resourceId === patientId,
    );
    expect(refusals.at(-1)?.payload).toMatchObject({ reason: 'out-of-scope', permission: 'emr:read' });
    const receptionist: UserWithTokens = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    const clerk = await tokenFor(t, 'billing_clerk', { hospitalId: ward.hospitalId });
    for (const who of [receptionist, clerk]) expect((await apiAs(t, who).get(`/patients/${patientId}/vitals`)).status).toBe(404);
    const [frontDesk] = (await audited('authz.AccessDenied.v1', receptionist.userId)).filter(
      (e) => e.payload.resourceId === patientId,
    );
    expect(frontDesk.payload).toMatchObject({ permission: 'emr:read' });
    expect((await asDoctor.get(`/patients/${randomUUID()}/vitals`)).status).toBe(404);

    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Unresponsive on arrival' });
    expect(grant.status).toBe(201);
    const opened = await apiAs(t, ward.oncologist, 'ETREAT').get(`/patients/${patientId}/vitals?code=8867-4&limit=1`);
    expect(opened.status).toBe(200);
    expect(opened.body.items).toHaveLength(1);
    expect((await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      patientId,
      resourceType: 'emr.vitals',
      purposeOfUse: 'ETREAT',
      emergencyGrantId: grant.body.grantId,
    });
    // A grant opens records for reading only.
    expect((await record(oncologist, encounterId, { observations: [FULL_SET[0]] })).status).toBe(404);
  });
});
