import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import type { EncounterSummary, PastVisit } from '../../src/modules/emr/index.js';
import type { PatientReader } from '../../src/modules/patients/index.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, givenHospital, linkCare } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { editorFor, encountersOf, givenTimeZone, readerFor, recordVisit } from './support/visits.js';

/** Day n of 2026 (1 = 1 January), as YYYY-MM-DD. */
const day = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10);

/**
 * ListEncountersOfPatients, the patients list's `include=encounters` (issue
 * 18), through the app's QueryBus: scopes, clinical content, the limit per
 * patient, many patients in one statement, and its access events.
 */
describe('the encounters of several patients at once', () => {
  let t: TestApp;
  let ward: Ward;
  let doctor: PatientReader;
  /** Cardiology visits on days 10, 20, 30, an oncology one on day 40, and a planned encounter. */
  let patient: string;
  let cardiologyVisits: string[];
  let oncologyVisit: string;
  let planned: string;
  let noVisits: string;

  const visit = (departmentId: string, visitDate: string, reasonText: string): PastVisit => ({
    hospitalId: ward.hospitalId,
    departmentId,
    accountNumber: `EXT-${randomUUID().slice(0, 13)}`,
    visitDate,
    reasonText,
  });
  const idsOf = (list: readonly EncounterSummary[] | undefined) => (list ?? []).map((e) => e.id);

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    // New York is 5 hours behind UTC in winter: a visit's day begins at 05:00 UTC.
    await givenTimeZone(ward, 'America/New_York');
    doctor = await readerFor(t, ward.doctor);
    patient = await givenPatient(t, ward);
    await linkCare(t, patient, 'department', ward.oncology);
    noVisits = await givenPatient(t, ward);
    cardiologyVisits = [];
    for (const n of [10, 20, 30]) {
      cardiologyVisits.push(
        (await recordVisit(t, doctor, patient, visit(ward.cardiology, day(n), `Chest pain, visit ${n}`))).encounterId,
      );
    }
    const oncologist = await editorFor(t, ward.oncologist);
    oncologyVisit = (await recordVisit(t, oncologist, patient, visit(ward.oncology, day(40), 'Chemotherapy cycle 2')))
      .encounterId;
    planned = (await givenEncounter(apiAs(t, ward.doctor), patient, { reasonText: 'Planned follow-up' })).id;
  });
  afterAll(() => t?.close());

  it('answers every id asked, each patient’s encounters newest first, with date, number, status and class', async () => {
    const unknown = randomUUID();
    const answer = await encountersOf(t, doctor, [patient, noVisits, unknown]);
    expect([...answer.keys()]).toEqual([patient, noVisits, unknown]);
    expect(answer.get(noVisits)).toEqual([]);
    expect(answer.get(unknown)).toEqual([]);
    const list = answer.get(patient)!;
    // The doctor's department scope leaves the oncology visit out; the planned encounter (booked now) is the newest.
    expect(idsOf(list)).toEqual([planned, ...[...cardiologyVisits].reverse()]);
    expect(list[0]).toEqual({
      id: planned,
      accountNumber: expect.stringMatching(/^V\d{10}$/),
      visitDate: null,
      reason: 'Planned follow-up',
      status: 'planned',
      class: 'AMB',
    });
    expect(list[1]).toEqual({
      id: cardiologyVisits[2],
      accountNumber: expect.stringMatching(/^EXT-/),
      visitDate: day(30),
      reason: 'Chest pain, visit 30',
      status: 'finished',
      class: 'AMB',
    });
    const [{ period_start }] = await t.db.query<{ period_start: Date }>('SELECT period_start FROM encounters WHERE id = $1', [
      cardiologyVisits[2],
    ]);
    expect(period_start.toISOString()).toBe(`${day(30)}T05:00:00.000Z`);
  });

  it('shows each reader the encounters its encounters:read covers, and the reason only under emr:read', async () => {
    const oncologist = await readerFor(t, ward.oncologist);
    expect(idsOf((await encountersOf(t, oncologist, [patient])).get(patient))).toEqual([oncologyVisit]);

    // Front desk: the whole hospital, no clinical content.
    const receptionist = await readerFor(t, await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId }));
    const desk = (await encountersOf(t, receptionist, [patient])).get(patient)!;
    expect(idsOf(desk)).toEqual([planned, oncologyVisit, ...[...cardiologyVisits].reverse()]);
    expect(desk.map((e) => e.reason)).toEqual([null, null, null, null, null]);
    expect(desk[1]).toMatchObject({ visitDate: day(40), status: 'finished' });

    // The doctor sees its own department's reasons, never the oncology one.
    const own = (await encountersOf(t, doctor, [patient])).get(patient)!;
    expect(own.map((e) => e.reason)).toEqual([
      'Planned follow-up',
      'Chest pain, visit 30',
      'Chest pain, visit 20',
      'Chest pain, visit 10',
    ]);

    // Another hospital's doctor sees nothing, and nobody without encounters:read does.
    const elsewhere = await givenHospital(ward.asAdmin);
    const stranger = await readerFor(t, await tokenFor(t, 'doctor', { hospitalId: elsewhere, profession: 'doctor' }));
    expect((await encountersOf(t, stranger, [patient])).get(patient)).toEqual([]);
    const admin = await readerFor(t, await tokenFor(t, 'admin'));
    expect((await encountersOf(t, admin, [patient])).get(patient)).toEqual([]);
  });

  it('answers at most the 50 newest encounters of a patient', async () => {
    const busy = await givenPatient(t, ward);
    for (let n = 1; n <= 55; n += 1) await recordVisit(t, doctor, busy, visit(ward.cardiology, day(n), `Dialysis session ${n}`));
    const list = (await encountersOf(t, doctor, [busy])).get(busy)!;
    expect(list).toHaveLength(50);
    expect(list.map((e) => e.visitDate)).toEqual(Array.from({ length: 50 }, (_, i) => day(55 - i)));
  });

  it('reads many patients in one statement, audited as one access event per patient naming what it served', async () => {
    const patients: string[] = [];
    const expected = new Map<string, string>();
    for (let i = 0; i < 30; i += 1) {
      const id = await givenPatient(t, ward);
      patients.push(id);
      expected.set(id, (await recordVisit(t, doctor, id, visit(ward.cardiology, day(60 + i), `Check-up ${i}`))).encounterId);
    }
    // A reader of its own, so its events are this call's only.
    const nurse = await readerFor(t, await tokenFor(t, 'nurse', { hospitalId: ward.hospitalId, departmentId: ward.cardiology }));
    // Outside a unit of work, the statements of a query run on the pool's manager.
    const query = jest.spyOn(t.app.get(UnitOfWork).manager(), 'query');
    let answer: ReadonlyMap<string, readonly EncounterSummary[]>;
    let statements: string[];
    try {
      answer = await encountersOf(t, nurse, [...patients, noVisits, patient]);
      statements = query.mock.calls.map(([sql]) => sql);
    } finally {
      query.mockRestore();
    }
    const encounterStatements = statements.filter((sql) => /FROM encounters/.test(sql));
    expect(encounterStatements).toHaveLength(1);
    for (const id of patients) expect(idsOf(answer.get(id))).toEqual([expected.get(id)]);
    expect(answer.get(noVisits)).toEqual([]);
    expect(idsOf(answer.get(patient))).toEqual([planned, ...[...cardiologyVisits].reverse()]);

    const events = await queryAudited<{ aggregate_id: string; payload: Record<string, unknown> }>(
      t,
      `SELECT aggregate_id, payload FROM ${AUDITED_EVENTS} WHERE type = 'patients.PatientDataAccessed.v1' AND actor->>'id' = $1`,
      [nurse.actor.id],
    );
    expect(events).toHaveLength(patients.length + 1);
    const byPatient = new Map(events.map((e) => [e.aggregate_id, e.payload]));
    for (const id of patients) {
      expect(byPatient.get(id)).toEqual({
        patientId: id,
        resourceType: 'emr.encounters',
        access: 'list',
        purposeOfUse: 'TREAT',
        recordIds: [expected.get(id)],
      });
    }
    expect(byPatient.get(patient)?.recordIds).toEqual([planned, ...[...cardiologyVisits].reverse()]);
    expect(byPatient.has(noVisits)).toBe(false);
  });

  it('takes at most 100 patients, and only UUIDs', async () => {
    const many = Array.from({ length: 101 }, () => randomUUID());
    await expect(encountersOf(t, doctor, many)).rejects.toMatchObject({
      code: 'COMMON.INVALID_INPUT',
      fields: [expect.objectContaining({ field: 'patientIds' })],
    });
    await expect(encountersOf(t, doctor, ['not-a-uuid'])).rejects.toMatchObject({ code: 'COMMON.INVALID_INPUT' });
    expect((await encountersOf(t, doctor, many.slice(0, 100))).size).toBe(100);
  });
});
