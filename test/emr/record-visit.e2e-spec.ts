import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemActor } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { emrContext } from '../../src/modules/emr/emr.context.js';
import type { PastVisit } from '../../src/modules/emr/index.js';
import type { PatientEditor } from '../../src/modules/patients/index.js';
import { appendAll } from '../audit/support/audit-store.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { emrWriteCounts, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { editorFor, givenTimeZone, recordVisit } from './support/visits.js';

const REASON = 'Recurring migraine with aura, referred by the family doctor';
/** 1 March 2026 begins at 11:00 UTC the day before in Auckland (summer time, UTC+13). */
const VISIT_DATE = '2026-03-01';
const VISIT_START = '2026-02-28T11:00:00.000Z';

class RolledBack extends Error {}

/**
 * Visits reported by other systems (issue 18), sent to the app's CommandBus
 * as the intake worker sends them: finished AMB encounters, duplicates and
 * conflicts by account number, the race on the unique index, the checks of
 * every new encounter. The app runs as api only, so a merge's move of
 * encounters never runs here and a merged record's encounters stay under it.
 */
describe('recording visits from other systems', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let doctor: PatientEditor;
  let patientId: string;
  let numbers = 0;

  const accountNumber = () => `HIS-${++numbers}-${randomUUID().slice(0, 8).toUpperCase()}`;
  const visit = (over: Partial<PastVisit> = {}): PastVisit => ({
    hospitalId: ward.hospitalId,
    departmentId: ward.cardiology,
    accountNumber: accountNumber(),
    visitDate: VISIT_DATE,
    reasonText: REASON,
    ...over,
  });
  const rowsNumbered = (number: string) =>
    t.db.query<{ id: string; patient_id: string }>('SELECT id, patient_id FROM encounters WHERE account_number = $1', [number]);

  beforeAll(async () => {
    t = await startTestApp({ env: { APP_ROLE: 'api', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    await givenTimeZone(ward, 'Pacific/Auckland');
    asDoctor = apiAs(t, ward.doctor);
    doctor = await editorFor(t, ward.doctor);
    patientId = await givenPatient(t, ward);
  });
  afterAll(() => t?.close());

  it('records a finished AMB encounter on the visit date in the hospital’s time zone, readable over the API with its reason', async () => {
    const sent = visit();
    const recorded = await recordVisit(t, doctor, patientId, sent);
    expect(recorded.outcome).toBe('added');

    const got = await asDoctor.get(`/encounters/${recorded.encounterId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: recorded.encounterId,
      patientId,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      class: 'AMB',
      status: 'finished',
      accountNumber: sent.accountNumber,
      periodStart: VISIT_START,
      periodEnd: VISIT_START,
      version: 2,
      view: 'clinical',
      reasonText: REASON,
      attendingPractitionerId: null,
      careTeamIds: [],
    });

    const [row] = await t.db.query<{ reason_text: string }>('SELECT reason_text FROM encounters WHERE id = $1', [
      recorded.encounterId,
    ]);
    expect(row.reason_text).toMatch(/^v1\./);
    expect(row.reason_text).not.toContain('migraine');

    // The events of an encounter recorded in progress and then finished.
    const events = await outboxRows(t, recorded.encounterId);
    expect(events.map((e) => [e.type, e.aggregate_version, e.payload.status, e.payload.periodEnd])).toEqual([
      ['emr.EncounterStarted.v1', 1, 'in-progress', null],
      ['emr.EncounterFinished.v1', 2, 'finished', VISIT_START],
    ]);
    for (const event of events) {
      expect(event.payload).toMatchObject({ patientId, class: 'AMB', accountNumber: sent.accountNumber, reasonRecorded: true });
      expect(event.actor).toMatchObject({ kind: 'user', id: ward.doctor.userId });
    }
    // The patient is linked to the hospital (the department link was there already, from registration).
    const links = await t.db.query<{ kind: string; ref_id: string; source: string }>(
      `SELECT kind, ref_id, source FROM patient_care_links WHERE patient_id = $1 ORDER BY kind`,
      [patientId],
    );
    expect(links).toEqual([
      { kind: 'department', ref_id: ward.cardiology, source: 'test' },
      { kind: 'hospital', ref_id: ward.hospitalId, source: 'emr.encounter' },
    ]);

    // The audit trail and the timeline see it, and the reason reaches neither events nor logs.
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/Encounter/${recorded.encounterId}/history`);
    expect((history.body.items as { type: string }[]).map((e) => e.type)).toEqual([
      'emr.EncounterStarted.v1',
      'emr.EncounterFinished.v1',
    ]);
    const timeline = await asDoctor.get(`/patients/${patientId}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'encounter', id: recorded.encounterId, status: 'finished' })]),
    );
    const everything = JSON.stringify(
      await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'),
    );
    expect(everything).not.toContain('migraine');
    expect(t.logs.text()).not.toContain('migraine');
  });

  it('takes the sender’s lowercase numbers as sent, here and over HTTP, and still refuses what is outside the format', async () => {
    const lower = `his-${randomUUID().slice(0, 8)}`;
    const recorded = await recordVisit(t, doctor, patientId, visit({ accountNumber: lower }));
    expect(recorded.outcome).toBe('added');
    expect(await rowsNumbered(lower)).toEqual([{ id: recorded.encounterId, patient_id: patientId }]);
    // Kept as sent: the same letters in capitals are another number.
    expect((await recordVisit(t, doctor, patientId, visit({ accountNumber: lower.toUpperCase() }))).outcome).toBe('added');

    const overHttp = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', accountNumber: 'ext-abc/42.a' });
    expect(overHttp.status).toBe(201);
    expect(overHttp.body.accountNumber).toBe('ext-abc/42.a');

    const before = await emrWriteCounts(t);
    for (const bad of ['his 42', 'ab1', '-abc1', 'äbcd']) {
      await expect(recordVisit(t, doctor, patientId, visit({ accountNumber: bad }))).rejects.toMatchObject({
        code: 'COMMON.INVALID_INPUT',
        fields: [expect.objectContaining({ field: 'accountNumber' })],
      });
    }
    expect(await emrWriteCounts(t)).toEqual(before);
  });

  it('answers the same visit sent again as a duplicate with the encounter it has, writing nothing', async () => {
    const sent = visit();
    const first = await recordVisit(t, doctor, patientId, sent);
    const before = await emrWriteCounts(t);
    const again = await recordVisit(t, doctor, patientId, sent);
    expect(again).toEqual({ encounterId: first.encounterId, outcome: 'duplicate' });
    expect(await emrWriteCounts(t)).toEqual(before);
    expect(await outboxRows(t, first.encounterId)).toHaveLength(2);
  });

  it('refuses the number with another date or reason, or held for another patient (409, nothing personal said), writing nothing', async () => {
    const sent = visit();
    await recordVisit(t, doctor, patientId, sent);
    const other = await givenPatient(t, ward);
    const before = await emrWriteCounts(t);
    const cases: [string, PastVisit, string][] = [
      ['another date', { ...sent, visitDate: '2026-03-02' }, 'another-visit'],
      ['another reason', { ...sent, reasonText: 'Recurring migraine without aura' }, 'another-visit'],
      ['another patient', sent, 'another-patient'],
    ];
    for (const [name, changed, conflict] of cases) {
      const error = await recordVisit(t, doctor, name === 'another patient' ? other : patientId, changed).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string; details: unknown; fields: unknown },
      );
      expect({ name, code: error?.code, details: error?.details }).toEqual({
        name,
        code: 'EMR.VISIT_NUMBER_CONFLICT',
        details: { conflict },
      });
      expect(error?.fields).toEqual([expect.objectContaining({ field: 'accountNumber' })]);
      expect(error?.message).not.toMatch(/migraine|aura|2026-03/i);
      expect(error?.message).not.toContain(sent.accountNumber);
    }
    expect(await emrWriteCounts(t)).toEqual(before);
    expect(emrContext.errorStatus['EMR.VISIT_NUMBER_CONFLICT']).toBe(409);
  });

  describe('two visits with one number at once', () => {
    const uow = () => t.app.get(UnitOfWork);
    const waitingInserts = async () =>
      (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO encounters%'`,
        )
      )[0].n;

    /**
     * The first visit is recorded in a unit of work held open (as the intake
     * worker's per-record transaction is); the second is sent meanwhile and
     * must wait on the unique index, then answer from what the first left.
     */
    async function race(
      firstPatient: string,
      firstVisit: PastVisit,
      secondPatient: string,
      secondVisit: PastVisit,
      commit = true,
    ) {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let recordedFirst!: (value: { encounterId: string }) => void;
      const firstRecorded = new Promise<{ encounterId: string }>((resolve) => (recordedFirst = resolve));
      const first = uow().run(systemActor('visit-race-test'), async () => {
        const result = await recordVisit(t, doctor, firstPatient, firstVisit);
        recordedFirst(result);
        await gate;
        if (!commit) throw new RolledBack();
        return result;
      });
      const firstResult = await firstRecorded;
      const second = recordVisit(t, doctor, secondPatient, secondVisit).then(
        (value) => ({ value }),
        (error: unknown) => ({ error: error as { code?: string; details?: unknown } }),
      );
      await waitFor(async () => (await waitingInserts()) === 1, 'the second insert to wait for the first');
      release();
      await first.catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
      return { first: firstResult, second: await second };
    }

    it('lets the second wait for the first’s commit and answer duplicate with its encounter', async () => {
      const sent = visit();
      const { first, second } = await race(patientId, sent, patientId, sent);
      expect(second).toEqual({ value: { encounterId: first.encounterId, outcome: 'duplicate' } });
      expect(await rowsNumbered(sent.accountNumber)).toEqual([{ id: first.encounterId, patient_id: patientId }]);
    });

    it('answers the conflict, not a server error, when the first was another patient’s visit', async () => {
      const other = await givenPatient(t, ward);
      const sent = visit();
      const { first, second } = await race(other, sent, patientId, sent);
      expect(second).toEqual({
        error: expect.objectContaining({ code: 'EMR.VISIT_NUMBER_CONFLICT', details: { conflict: 'another-patient' } }),
      });
      expect(await rowsNumbered(sent.accountNumber)).toEqual([{ id: first.encounterId, patient_id: other }]);
    });

    it('inserts the second when the first rolls back', async () => {
      const sent = visit();
      const { second } = await race(patientId, sent, patientId, sent, false);
      expect(second).toEqual({ value: { encounterId: expect.any(String), outcome: 'added' } });
      expect(await rowsNumbered(sent.accountNumber)).toEqual([
        { id: (second as { value: { encounterId: string } }).value.encounterId, patient_id: patientId },
      ]);
    });

    it('adds one visit of many sent at once, and every other answers duplicate', async () => {
      const sent = visit();
      const answers = await Promise.all(Array.from({ length: 6 }, () => recordVisit(t, doctor, patientId, sent)));
      expect(answers.filter((a) => a.outcome === 'added')).toHaveLength(1);
      expect(new Set(answers.map((a) => a.encounterId)).size).toBe(1);
      expect(await rowsNumbered(sent.accountNumber)).toHaveLength(1);
    });
  });

  it('writes nothing of its own: inside the caller’s unit of work it rolls back with it', async () => {
    const sent = visit();
    const before = await emrWriteCounts(t);
    await expect(
      t.app.get(UnitOfWork).run(systemActor('intake-test'), async () => {
        expect((await recordVisit(t, doctor, patientId, sent)).outcome).toBe('added');
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(await rowsNumbered(sent.accountNumber)).toEqual([]);
    expect(await emrWriteCounts(t)).toEqual(before);
  });

  it('refuses a patient outside the writer’s reach (404) and a department outside its emr:write (422), audited, writing nothing', async () => {
    const oncologist = await editorFor(t, ward.oncologist);
    const before = await emrWriteCounts(t);
    await expect(recordVisit(t, oncologist, patientId, visit({ departmentId: ward.oncology }))).rejects.toMatchObject({
      code: 'COMMON.NOT_FOUND',
    });
    await expect(recordVisit(t, doctor, patientId, visit({ departmentId: ward.oncology }))).rejects.toMatchObject({
      code: 'EMR.DEPARTMENT_OUT_OF_SCOPE',
    });
    await expect(recordVisit(t, doctor, patientId, visit({ departmentId: randomUUID() }))).rejects.toMatchObject({
      code: 'EMR.UNKNOWN_SERVICE_PROVIDER',
    });
    expect(await emrWriteCounts(t)).toEqual(before);
    const denials = await queryAudited<{ actor: { id: string }; payload: Record<string, unknown> }>(
      t,
      `SELECT actor, payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND payload->>'resourceId' = ANY($1)
        ORDER BY sequence`,
      [[patientId, ward.oncology]],
    );
    expect(denials.map((d) => [d.actor.id, d.payload.resourceType, d.payload.permission])).toEqual([
      [ward.oncologist.userId, 'Patient', 'emr:write'],
      [ward.doctor.userId, 'Department', 'emr:write'],
    ]);
  });

  it('refuses a visit dated after the hospital’s today (400 naming visitDate), writing nothing', async () => {
    const before = await emrWriteCounts(t);
    await expect(recordVisit(t, doctor, patientId, visit({ visitDate: '2999-01-01' }))).rejects.toMatchObject({
      code: 'COMMON.INVALID_INPUT',
      fields: [expect.objectContaining({ field: 'visitDate' })],
    });
    expect(await emrWriteCounts(t)).toEqual(before);
  });

  it('refuses a merged record with 409 naming the survivor, and knows a visit still filed under the merged record', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const sent = visit();
    const onDuplicate = await recordVisit(t, doctor, duplicate, sent);
    const merged = await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor });
    expect(merged.status).toBe(200);

    const before = await emrWriteCounts(t);
    await expect(recordVisit(t, doctor, duplicate, visit())).rejects.toMatchObject({
      code: 'EMR.PATIENT_MERGED',
      details: { patientId: duplicate, survivingPatientId: survivor },
    });
    // The move of the merged record's encounters has not run: the visit is still filed under it, and is the survivor's visit all the same.
    expect(await rowsNumbered(sent.accountNumber)).toEqual([{ id: onDuplicate.encounterId, patient_id: duplicate }]);
    expect(await recordVisit(t, doctor, survivor, sent)).toEqual({ encounterId: onDuplicate.encounterId, outcome: 'duplicate' });
    expect(await emrWriteCounts(t)).toEqual(before);
  });
});
