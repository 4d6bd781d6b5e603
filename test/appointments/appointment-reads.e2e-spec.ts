import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiAs, type Api, linkCare, patientBody } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Clinic, givenClinic, givenSchedule } from './support/appointments-api.js';

/** Lisbon in summer time (+01:00): a Monday and the Tuesday after, well ahead of the lead time. */
const D1 = '2027-05-03';
const D2 = '2027-05-04';
const AT = (clock: string, date = D1) => `${date}T${clock}:00+01:00`;

interface Registered {
  readonly id: string;
  readonly name: string;
  readonly mrn: string;
}

interface ListedBody {
  readonly id: string;
  readonly status: string;
  readonly patientId: string | null;
  readonly patient: { id: string; name: string; mrn: string } | null;
  readonly localStart: string;
}

type Audited = { type: string; payload: Record<string, unknown> };

/** The read side of appointments: lists and their filters, keyset pages, scopes, what is audited, and who sees names. */
describe('reading appointments', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  /** Linked to the clinic's department: its doctors' patients:read:department covers them. */
  let near: Registered;
  /** Registered at the hospital only: the front desk reads them, the department's doctors do not. */
  let far: Registered;
  let ids: Record<'a1' | 'a2' | 'a3' | 'a4' | 'h1' | 'released' | 'lapsed', string>;
  let elsewhere: Clinic;
  let elsewhereId: string;

  const register = async (at: Clinic): Promise<Registered> => {
    const body = patientBody() as Record<'firstName' | 'middleName' | 'lastName', string>;
    const res = await apiAs(t, at.officer)
      .post('/patients')
      .send({ ...body, registeringHospitalId: at.hospitalId });
    if (res.status !== 201) throw new Error(`patient: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      id: res.body.id as string,
      name: `${body.firstName} ${body.middleName} ${body.lastName}`,
      mrn: res.body.mrn as string,
    };
  };
  const booked = async (body: Record<string, unknown>, path = '/appointments', api = asDesk, at = clinic): Promise<string> => {
    const res = await api.post(path).send({ practitionerId: at.doctor.userId, departmentId: at.departmentId, ...body });
    if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const list = async (query: string, api: Api = asDesk): Promise<ListedBody[]> => {
    const res = await api.get(`/appointments?${query}`);
    expect(res.status).toBe(200);
    return res.body.items as ListedBody[];
  };
  const audited = (who: UserWithTokens, type: string) =>
    queryAudited<Audited>(
      t,
      `SELECT type, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, who.userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    await givenSchedule(t, clinic);
    await givenSchedule(t, clinic, clinic.secondDoctor);
    near = await register(clinic);
    await linkCare(t, near.id, 'department', clinic.departmentId);
    far = await register(clinic);

    const a1 = await booked({ patientId: near.id, start: AT('09:00') });
    const a2 = await booked({ patientId: far.id, start: AT('10:00') });
    const a3 = await booked({ practitionerId: clinic.secondDoctor.userId, patientId: near.id, start: AT('11:00') });
    const a4 = await booked({ patientId: near.id, start: AT('09:00', D2) });
    const h1 = await booked({ start: AT('13:00') }, '/appointments/holds');
    const released = await booked({ start: AT('14:00') }, '/appointments/holds');
    expect((await asDesk.delete(`/appointments/holds/${released}`)).status).toBe(204);
    const lapsed = await booked({ start: AT('15:00') }, '/appointments/holds');
    // The clock of a hold running out, without waiting for it.
    await t.db.query(`UPDATE appointments SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`, [lapsed]);
    ids = { a1, a2, a3, a4, h1, released, lapsed };

    elsewhere = await givenClinic(t);
    await givenSchedule(t, elsewhere);
    const theirs = await register(elsewhere);
    elsewhereId = await booked(
      { patientId: theirs.id, start: AT('09:00') },
      '/appointments',
      apiAs(t, elsewhere.receptionist),
      elsewhere,
    );
  });
  afterAll(() => t?.close());

  it('filters by practitioner, patient, department, status and a range of starts, by start then id', async () => {
    const doctor = `practitionerId=${clinic.doctor.userId}`;
    expect((await list(doctor)).map((a) => a.id)).toEqual([ids.a1, ids.a2, ids.h1, ids.released, ids.lapsed, ids.a4]);
    expect((await list(`${doctor}&status=booked`)).map((a) => a.id)).toEqual([ids.a1, ids.a2, ids.a4]);
    expect((await list(`${doctor}&status=cancelled,proposed`)).map((a) => [a.id, a.status])).toEqual([
      [ids.h1, 'proposed'],
      [ids.released, 'cancelled'],
      [ids.lapsed, 'proposed'],
    ]);
    expect((await list(`patientId=${near.id}`)).map((a) => a.id)).toEqual([ids.a1, ids.a3, ids.a4]);
    expect(await list(`patientId=0192a000-0000-7000-8000-00000000beef`)).toEqual([]);
    expect(await list(`departmentId=${clinic.otherDepartmentId}`)).toEqual([]);
    const range = `from=${encodeURIComponent(AT('10:00'))}&to=${encodeURIComponent(AT('14:00'))}`;
    expect((await list(range)).map((a) => a.id)).toEqual([ids.a2, ids.a3, ids.h1]);
    const [first] = await list(doctor);
    expect(first).toMatchObject({ status: 'booked', patientId: near.id, localStart: AT('09:00'), timeZone: 'Europe/Lisbon' });

    const bad = async (query: string) => {
      const res = await asDesk.get(`/appointments?${query}`);
      expect(res.status).toBe(400);
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await bad(`from=${encodeURIComponent(AT('14:00'))}&to=${encodeURIComponent(AT('10:00'))}`)).toEqual(['to']);
    expect(await bad('status=confirmed')).toEqual(['status']);
    expect(await bad('from=2027-05-03T10:00:00')).toEqual(['from']);
    expect(await bad('cursor=not-one-of-ours')).toEqual(['cursor']);
    expect(await bad('practitionerId=nobody')).toEqual(['practitionerId']);
    expect(await bad('limit=0')).toEqual(['limit']);
  });

  it('pages by keyset: each page follows the last, none repeats, the last says so', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await asDesk.get(
        `/appointments?practitionerId=${clinic.doctor.userId}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as ListedBody[]).map((a) => a.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 5);
    expect(pages).toBe(2);
    expect(seen).toEqual([ids.a1, ids.a2, ids.h1, ids.released, ids.lapsed, ids.a4]);
    // A page exactly filled, with nothing after it, ends the list.
    const exact = await asDesk.get(`/appointments?practitionerId=${clinic.doctor.userId}&limit=6`);
    expect([exact.body.items.length, exact.body.nextCursor]).toEqual([6, null]);
  });

  it('keeps to appointments:read’s scopes: a doctor sees their own, another hospital’s desk none of these', async () => {
    const asDoctor = apiAs(t, clinic.doctor);
    expect((await list('', asDoctor)).map((a) => a.id)).toEqual([ids.a1, ids.a2, ids.h1, ids.released, ids.lapsed, ids.a4]);
    expect((await list('', apiAs(t, clinic.secondDoctor))).map((a) => a.id)).toEqual([ids.a3]);
    // Asking for another's appointments by filter finds nothing, rather than theirs.
    expect(await list(`practitionerId=${clinic.secondDoctor.userId}`, asDoctor)).toEqual([]);
    const asElsewhere = apiAs(t, elsewhere.receptionist);
    expect((await list('', asElsewhere)).map((a) => a.id)).toEqual([elsewhereId]);
    expect(await list(`patientId=${near.id}`, asElsewhere)).toEqual([]);
    // The front desk of the hospital sees the hospital's, both doctors'.
    expect(
      (await list(`from=${encodeURIComponent(AT('00:00'))}&to=${encodeURIComponent(AT('12:00'))}`)).map((a) => a.id),
    ).toEqual([ids.a1, ids.a2, ids.a3]);
  });

  it('reads one appointment with its ETag and history of times; out of scope answers 404, audited', async () => {
    const asDoctor = apiAs(t, clinic.doctor);
    const mine = await asDoctor.get(`/appointments/${ids.a1}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.etag).toBe('"1"');
    expect(mine.body).toMatchObject({ id: ids.a1, status: 'booked', patientId: near.id, version: 1 });
    expect(mine.body.periods).toEqual([
      {
        start: '2027-05-03T08:00:00.000Z',
        end: '2027-05-03T08:30:00.000Z',
        localStart: AT('09:00'),
        localEnd: AT('09:30'),
        recordedAt: expect.any(String),
        recordedBy: clinic.receptionist.userId,
      },
    ]);
    const hold = await asDoctor.get(`/appointments/${ids.h1}`);
    expect([hold.status, hold.body.patientId, hold.body.status]).toEqual([200, null, 'proposed']);

    const another = await asDoctor.get(`/appointments/${ids.a3}`);
    expect(another.status).toBe(404);
    expect(another.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(another.body)).not.toContain(near.id);
    const missing = await asDoctor.get('/appointments/0192a000-0000-7000-8000-00000000dead');
    expect(missing.status).toBe(404);
    expect(Object.keys(another.body).sort()).toEqual(Object.keys(missing.body).sort());
    const farHold = await apiAs(t, elsewhere.receptionist).get(`/appointments/${ids.h1}`);
    expect(farHold.status).toBe(404);

    const refusals = await audited(clinic.doctor, 'authz.AccessDenied.v1');
    expect(refusals.map((r) => r.payload)).toEqual([
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'appointments:read',
        resourceType: 'appointments.appointments',
      }),
    ]);
    const farRefusals = await audited(elsewhere.receptionist, 'authz.AccessDenied.v1');
    expect(farRefusals.map((r) => r.payload)).toEqual([
      expect.objectContaining({ permission: 'appointments:read', resourceType: 'Appointment', resourceId: ids.h1 }),
    ]);
    // Administrators open no patient's appointment: its 404, never a 403; the list is refused outright.
    const asAdmin = clinic.asAdmin;
    expect((await asAdmin.get(`/appointments/${ids.a1}`)).status).toBe(404);
    expect((await asAdmin.get('/appointments')).status).toBe(403);
  });

  it('records each appointment of a patient served as a PHI access, one event per patient naming them; holds without a patient none', async () => {
    const reader = await tokenFor(t, 'receptionist', { hospitalId: clinic.hospitalId, departmentId: clinic.departmentId });
    const items = await list(`practitionerId=${clinic.doctor.userId}`, apiAs(t, reader, 'HPAYMT'));
    expect(items).toHaveLength(6);
    const events = await audited(reader, 'patients.PatientDataAccessed.v1');
    const byPatient = Object.fromEntries(events.map((e) => [e.payload.patientId as string, e.payload]));
    expect(events).toHaveLength(2);
    expect(byPatient[near.id]).toEqual(
      expect.objectContaining({
        resourceType: 'appointments.appointments',
        access: 'list',
        purposeOfUse: 'HPAYMT',
        recordIds: [ids.a1, ids.a4],
      }),
    );
    expect(byPatient[far.id]).toEqual(expect.objectContaining({ access: 'list', recordIds: [ids.a2] }));

    const one = await apiAs(t, reader).get(`/appointments/${ids.a2}`);
    expect(one.status).toBe(200);
    const afterRead = await audited(reader, 'patients.PatientDataAccessed.v1');
    expect(afterRead.slice(2).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        patientId: far.id,
        resourceType: 'appointments.appointments',
        access: 'read',
        purposeOfUse: 'TREAT',
      }),
    ]);
    expect((await apiAs(t, reader).get(`/appointments/${ids.h1}`)).status).toBe(200);
    expect(await audited(reader, 'patients.PatientDataAccessed.v1')).toHaveLength(3);
  });

  it('shows the patient’s name and MRN only to a reader whose patients:read covers the patient, each label audited', async () => {
    const asDoctor = apiAs(t, clinic.doctor);
    const desk = Object.fromEntries((await list(`practitionerId=${clinic.doctor.userId}`)).map((a) => [a.id, a.patient]));
    expect(desk[ids.a1]).toEqual({ id: near.id, name: near.name, mrn: near.mrn });
    expect(desk[ids.a2]).toEqual({ id: far.id, name: far.name, mrn: far.mrn });
    expect(desk[ids.h1]).toBeNull();

    const mine = await list('', asDoctor);
    const shown = Object.fromEntries(mine.map((a) => [a.id, a.patient]));
    // The department's doctor reads the linked patient, not the one registered at the hospital only.
    expect(shown[ids.a1]).toEqual({ id: near.id, name: near.name, mrn: near.mrn });
    expect(shown[ids.a2]).toBeNull();
    expect(mine.find((a) => a.id === ids.a2)?.patientId).toBe(far.id);
    expect(JSON.stringify(mine)).not.toContain(far.name);
    const labels = await audited(clinic.doctor, 'patients.PatientRecordAccessed.v1');
    expect(labels.map((e) => e.payload)).toContainEqual(expect.objectContaining({ patientId: near.id, access: 'label' }));
    expect(labels.some((e) => e.payload.patientId === far.id)).toBe(false);
    // The front desk's labels were recorded as its reads, the far patient's included.
    const deskLabels = await audited(clinic.receptionist, 'patients.PatientRecordAccessed.v1');
    expect(deskLabels.map((e) => e.payload)).toContainEqual(expect.objectContaining({ patientId: far.id, access: 'label' }));
  });

  it('gives a doctor’s day: that local date’s appointments by start, without cancelled or lapsed holds', async () => {
    const day = async (api: Api, practitionerId: string, date: string) => {
      const res = await api.get(`/practitioners/${practitionerId}/day?date=${date}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ practitionerId, date });
      return res.body.items as ListedBody[];
    };
    const asDoctor = apiAs(t, clinic.doctor);
    const d1 = await day(asDoctor, clinic.doctor.userId, D1);
    expect(d1.map((a) => [a.id, a.localStart])).toEqual([
      [ids.a1, AT('09:00')],
      [ids.a2, AT('10:00')],
      [ids.h1, AT('13:00')],
    ]);
    expect(d1.map((a) => a.patient?.id ?? null)).toEqual([near.id, null, null]);
    expect((await day(asDesk, clinic.doctor.userId, D2)).map((a) => a.id)).toEqual([ids.a4]);
    expect(await day(asDoctor, clinic.doctor.userId, '2027-05-05')).toEqual([]);
    // Another doctor's day lies outside appointments:read:own.
    expect(await day(apiAs(t, clinic.secondDoctor), clinic.doctor.userId, D1)).toEqual([]);
    expect((await day(asDesk, clinic.secondDoctor.userId, D1)).map((a) => a.id)).toEqual([ids.a3]);

    const dayReader = await tokenFor(t, 'nurse', { hospitalId: clinic.hospitalId, departmentId: clinic.departmentId });
    expect(await day(apiAs(t, dayReader), clinic.doctor.userId, D1)).toHaveLength(3);
    const served = await audited(dayReader, 'patients.PatientDataAccessed.v1');
    expect(served.map((e) => [e.payload.patientId, e.payload.recordIds]).sort()).toEqual(
      [
        [near.id, [ids.a1]],
        [far.id, [ids.a2]],
      ].sort(),
    );

    for (const date of ['2027-02-30', '2027-5-3', 'tomorrow']) {
      const res = await asDoctor.get(`/practitioners/${clinic.doctor.userId}/day?date=${date}`);
      expect([res.status, (res.body.errors as { field: string }[]).map((e) => e.field)]).toEqual([400, ['date']]);
    }
    expect((await asDoctor.get(`/practitioners/${clinic.receptionist.userId}/day?date=${D1}`)).status).toBe(404);
    expect((await asDoctor.get(`/practitioners/0192a000-0000-7000-8000-00000000f00d/day?date=${D1}`)).status).toBe(404);
    // The day lists patients' appointments: schedules:read alone does not open it.
    expect((await clinic.asAdmin.get(`/practitioners/${clinic.doctor.userId}/day?date=${D1}`)).status).toBe(403);
  });

  it('lists doctors by hospital, department (their own or a schedule there) and specialty, in pages', async () => {
    const setSpecialty = async (userId: string, specialty: string) => {
      const user = await clinic.asAdmin.get(`/users/${userId}`);
      const res = await clinic.asAdmin.patch(`/users/${userId}`).set('If-Match', user.headers.etag).send({ specialty });
      expect(res.status).toBe(200);
    };
    await setSpecialty(clinic.doctor.userId, 'Cardiology');
    await setSpecialty(clinic.secondDoctor.userId, 'Dermatology');
    // A radiologist by their own department who also holds outpatient hours.
    const radiologist = await tokenFor(t, 'doctor', {
      hospitalId: clinic.hospitalId,
      departmentId: clinic.otherDepartmentId,
      profession: ' Physician ',
      displayName: 'Aaron Radiologist',
    });
    await givenSchedule(t, clinic, radiologist, { weeklyHours: [{ weekday: 6, start: '09:00', end: '12:00' }] });

    const practitioners = async (query: string) => {
      const res = await asDesk.get(`/practitioners?${query}`);
      expect(res.status).toBe(200);
      return res.body as { items: { id: string; departmentIds: string[] }[]; hasMore: boolean };
    };
    const idsOf = (page: { items: { id: string }[] }) => page.items.map((p) => p.id);
    const doctors = [clinic.doctor.userId, clinic.secondDoctor.userId].sort();
    const all = await practitioners(`hospitalId=${clinic.hospitalId}`);
    // By display name (the radiologist's sorts first), then id; the desk, the head and the officer are no doctors.
    expect(idsOf(all)).toEqual([radiologist.userId, ...doctors]);
    expect(all.items[0]).toEqual({
      id: radiologist.userId,
      displayName: 'Aaron Radiologist',
      specialty: null,
      hospitalId: clinic.hospitalId,
      departmentId: clinic.otherDepartmentId,
      departmentIds: [clinic.otherDepartmentId, clinic.departmentId],
      status: 'active',
    });
    expect(JSON.stringify(all)).not.toContain('@');
    expect(idsOf(await practitioners(`hospitalId=${clinic.hospitalId}&specialty=cardiology`))).toEqual([clinic.doctor.userId]);
    expect(idsOf(await practitioners(`hospitalId=${clinic.hospitalId}&specialty=Cardio`))).toEqual([]);
    expect(idsOf(await practitioners(`departmentId=${clinic.departmentId}`))).toEqual([radiologist.userId, ...doctors]);
    expect(idsOf(await practitioners(`departmentId=${clinic.otherDepartmentId}`))).toEqual([radiologist.userId]);
    expect(idsOf(await practitioners(`hospitalId=${elsewhere.hospitalId}`))).toEqual(
      [elsewhere.doctor.userId, elsewhere.secondDoctor.userId].sort(),
    );
    expect(idsOf(await practitioners(`hospitalId=${clinic.hospitalId}&status=deactivated`))).toEqual([]);

    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await practitioners(`hospitalId=${clinic.hospitalId}&pageSize=1&page=${page}`));
    expect(pages.map((p) => [idsOf(p), p.hasMore])).toEqual([
      [[radiologist.userId], true],
      [[doctors[0]], true],
      [[doctors[1]], false],
    ]);

    const one = await asDesk.get(`/practitioners/${clinic.doctor.userId}`);
    expect([one.status, one.body.specialty, one.body.departmentIds]).toEqual([200, 'Cardiology', [clinic.departmentId]]);
    expect(one.body).not.toHaveProperty('email');
    expect((await asDesk.get(`/practitioners/${clinic.receptionist.userId}`)).status).toBe(404);
    expect((await asDesk.get('/practitioners/0192a000-0000-7000-8000-00000000cafe')).status).toBe(404);
    const bad = await asDesk.get('/practitioners?status=retired&pageSize=500');
    expect([bad.status, (bad.body.errors as { field: string }[]).map((e) => e.field).sort()]).toEqual([
      400,
      ['pageSize', 'status'],
    ]);
    const billing = await tokenFor(t, 'billing_clerk', { hospitalId: clinic.hospitalId });
    expect((await apiAs(t, billing).get('/practitioners')).status).toBe(403);
  });
});
