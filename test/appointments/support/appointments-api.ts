import { randomUUID } from 'node:crypto';
import { tokenFor, type UserWithTokens } from '../../support/auth.js';
import type { TestApp } from '../../support/test-app.js';
import { apiAs, type Api, givenDepartment, linkCare, patientBody } from '../../patients/support/patients-api.js';

/** A hospital in a time zone with one department, its doctors, front desk and head. */
export interface Clinic {
  readonly hospitalId: string;
  readonly departmentId: string;
  /** A second department of the same hospital, where nobody here works. */
  readonly otherDepartmentId: string;
  readonly timeZone: string;
  readonly doctor: UserWithTokens;
  readonly secondDoctor: UserWithTokens;
  readonly receptionist: UserWithTokens;
  readonly head: UserWithTokens;
  readonly officer: UserWithTokens;
  readonly asAdmin: Api;
}

export async function givenClinic(t: TestApp, timeZone = 'Europe/Lisbon'): Promise<Clinic> {
  const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
  const res = await asAdmin
    .post('/hospitals')
    .send({ name: `Clinic ${randomUUID().slice(0, 8)}`, address: '1 Test Road', isActive: true, timeZone });
  if (res.status !== 201) throw new Error(`hospital: ${res.status} ${JSON.stringify(res.body)}`);
  const hospitalId = res.body.id as string;
  const departmentId = await givenDepartment(asAdmin, hospitalId, 'OPD');
  const otherDepartmentId = await givenDepartment(asAdmin, hospitalId, 'RAD');
  const staff = (role: string, extra: Record<string, unknown> = {}) => tokenFor(t, role, { hospitalId, departmentId, ...extra });
  return {
    hospitalId,
    departmentId,
    otherDepartmentId,
    timeZone,
    doctor: await staff('doctor', { profession: 'doctor' }),
    secondDoctor: await staff('doctor', { profession: 'doctor' }),
    receptionist: await staff('receptionist'),
    head: await staff('department_head'),
    officer: await tokenFor(t, 'records_officer', { hospitalId }),
    asAdmin,
  };
}

/** Every day of the week, 09:00–12:00 and 13:00–18:00 wall-clock, 30-minute slots, from 2026-12-01 on. */
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, start: '09:00', end: '12:00' },
  { weekday, start: '13:00', end: '18:00' },
]);

export async function givenSchedule(
  t: TestApp,
  clinic: Clinic,
  practitioner: UserWithTokens = clinic.doctor,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string }> {
  const res = await apiAs(t, clinic.head)
    .post(`/practitioners/${practitioner.userId}/schedules`)
    .send({
      departmentId: clinic.departmentId,
      effectiveFrom: '2026-12-01',
      weeklyHours: EVERY_DAY,
      priceMinor: 6000,
      currency: 'EUR',
      ...body,
    });
  if (res.status !== 201) throw new Error(`schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown> & { id: string };
}

/** A patient registered at the clinic's hospital and linked to its department. */
export async function givenPatientAt(t: TestApp, clinic: Clinic): Promise<string> {
  const res = await apiAs(t, clinic.officer)
    .post('/patients')
    .send({ ...patientBody(), registeringHospitalId: clinic.hospitalId });
  if (res.status !== 201) throw new Error(`patient: ${res.status} ${JSON.stringify(res.body)}`);
  const patientId = res.body.id as string;
  await linkCare(t, patientId, 'department', clinic.departmentId);
  return patientId;
}

/** The local date `days` from today in the zone (YYYY-MM-DD). */
export function localDateFromToday(timeZone: string, days: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
  return parts;
}

/** Rows of appointments of a practitioner whose held time overlaps another's: what "no double booking" is checked by. */
export async function overlappingBookings(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments b
        ON a.id < b.id AND a.period && b.period AND (a.practitioner_id = b.practitioner_id OR a.patient_id = b.patient_id)
     WHERE a.status IN ('proposed', 'pending', 'booked', 'arrived', 'checked-in', 'fulfilled')
       AND b.status IN ('proposed', 'pending', 'booked', 'arrived', 'checked-in', 'fulfilled')
       AND NOT (a.overbooked OR b.overbooked)`,
  );
  return row.n;
}
