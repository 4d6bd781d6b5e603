import { loadConfig } from '../../src/config/app-config.js';
import { addDays, clockOf } from '../../src/modules/appointments/domain/wall-clock.js';
import { ApiClient, expectStatus } from '../api-client.js';
import type { HttpRequestSpec } from '../load/load-protocol.js';
import { type LoadResult, processCpu } from '../load/run-loads.js';
import type { BenchContext, Scenario } from '../scenario.js';
import {
  appointmentClinic,
  CLINIC_OFFSET,
  type ClinicDepartment,
  clinicDate,
  doubleBookingCheck,
  HOLDING,
} from './appointment-clinic.js';
import { compareWithBaseline, comparisonMeasurements } from './baseline-comparison.js';
import { randomSource } from './synthetic-patients.js';

/** Doctors of the department raced for. */
const PRACTITIONERS = 5;
const SLOT_MINUTES = 20;
/** The morning raced for, in minutes past midnight: 09:00 to 12:00, nine slots a doctor. */
const MORNING = { start: 9 * 60, end: 12 * 60 };
const SLOTS_PER_MORNING = (MORNING.end - MORNING.start) / SLOT_MINUTES;
/** Every day of the week, a morning and an afternoon (the afternoon is not raced for, but counts toward the daily limit). */
const WEEKLY_HOURS = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, start: clockOf(MORNING.start), end: clockOf(MORNING.end) },
  { weekday, start: '13:00', end: '17:00' },
]);
/** Requests sent for each slot of a morning before the load moves on to the next day's: enough that it fills. */
const ATTEMPTS_PER_SLOT = 4;
const REQUESTS_PER_MORNING = ATTEMPTS_PER_SLOT * PRACTITIONERS * SLOTS_PER_MORNING;
/** Request bodies per slot, each naming a patient drawn at random. */
const BODIES_PER_SLOT = 20;
/** Replaced in each request by the morning it races for (AdvancingDates). */
const DATE = '__date__';
/**
 * Clients racing at once (the run's --connections caps it), and a lighter
 * contention point. Every request for a practitioner's day waits for that
 * day's lock, so a morning of five doctors serves five at a time: the run's
 * 200 would queue each answer behind some forty others, past the load
 * generator's 10 s timeout on a busy two-core machine.
 */
const RACERS = 48;
const FEW_RACERS = 8;
/** Days left between one load's last morning and the next load's first, for requests still in flight when a load ends. */
const GAP_DAYS = 3;

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const startAt = (date: string, minutes: number) => `${date}T${clockOf(minutes)}:00${CLINIC_OFFSET}`;

interface Booked {
  readonly id: string;
  readonly code?: string;
  readonly nextFreeSlot?: { readonly start: string } | null;
}

/** The first date no load has raced for yet, GAP_DAYS past the department's last booking. */
async function nextMorning(ctx: BenchContext, departmentId: string): Promise<string> {
  const { rows } = await ctx.db.query<{ last: string | null }>(
    `SELECT to_char(max(local_date), 'YYYY-MM-DD') AS last FROM appointments WHERE department_id = $1`,
    [departmentId],
  );
  return rows[0].last ? addDays(rows[0].last, GAP_DAYS) : clinicDate(2);
}

/** The mornings a load raced for, from `firstDate` on: bookings holding, days, and days filled to `capacity`. */
async function raced(ctx: BenchContext, departmentId: string, firstDate: string, capacity: number) {
  const { rows } = await ctx.db.query<{ bookings: number; days: number; full: number }>(
    `SELECT coalesce(sum(n), 0)::int AS bookings, count(*)::int AS days, count(*) FILTER (WHERE n = $3)::int AS full
       FROM (SELECT local_date, count(*) AS n FROM appointments
              WHERE department_id = $1 AND local_date >= $2::date AND status IN ${HOLDING} GROUP BY local_date) d`,
    [departmentId, firstDate, capacity],
  );
  return rows[0];
}

/** A booking of one slot, and the patient who then asks for it again. */
interface CheckBooking {
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly patientId: string;
  readonly otherPatientId: string;
  readonly date: string;
  readonly minutes: number;
}

/**
 * One booking and the same slot again, from the server or the baseline:
 * 201, then 409 APPOINTMENT.SLOT_TAKEN naming the next slot as the next free
 * one. Answers the booking's id.
 */
async function bookTwice(origin: string, token: string, check: CheckBooking, what: string): Promise<string> {
  const api = new ApiClient(origin);
  const { practitionerId, departmentId, patientId, otherPatientId, date, minutes } = check;
  const body = { practitionerId, departmentId, patientId, start: startAt(date, minutes) };
  const first = await api.request<Booked>('POST', '/api/v1/appointments', { token, json: body });
  expectStatus(first, 201, `the ${what}'s booking of a free slot`);
  const again = await api.request<Booked>('POST', '/api/v1/appointments', {
    token,
    json: { ...body, patientId: otherPatientId },
  });
  expectStatus(again, 409, `the ${what}'s booking of the same slot`);
  const next = startAt(date, minutes + SLOT_MINUTES);
  if (again.body.code !== 'APPOINTMENT.SLOT_TAKEN' || again.body.nextFreeSlot?.start !== next) {
    throw new Error(`the ${what} answered ${JSON.stringify(again.body)}; APPOINTMENT.SLOT_TAKEN with ${next} next expected`);
  }
  return first.body.id;
}

/** The columns of a booking that must not depend on who wrote it, and its recorded periods. */
async function rowShape(ctx: BenchContext, id: string) {
  const { rows } = await ctx.db.query<Record<string, unknown>>(
    `SELECT a.hospital_id, a.department_id, a.practitioner_id, a.status, to_char(a.local_date, 'YYYY-MM-DD') AS local_date,
            upper(a.period) - lower(a.period) AS length, a.hold_expires_at, a.walk_in, a.overbooked, a.series_id,
            a.schedule_id, a.price_minor, a.currency, a.reschedule_count, a.booked_by, a.idempotency_key, a.version,
            (SELECT json_agg(json_build_object('seq', p.seq, 'same', p.period = a.period, 'by', p.recorded_by))
               FROM appointment_periods p WHERE p.appointment_id = a.id) AS periods
       FROM appointments a WHERE a.id = $1`,
    [id],
  );
  return rows[0];
}

/**
 * Scenario 13 (issue 19): booking under contention. A department of five
 * doctors, each with 20-minute slots every day, 09:00 to 12:00 and 13:00 to
 * 17:00, in a hospital in Asia/Kolkata; the receptionist books with
 * POST /api/v1/appointments. Every request names a random doctor, a random
 * slot of one morning and a random patient, and all connections race for
 * that same morning until it has been sent four requests a slot (180); then
 * the load moves on to the next day's morning (AdvancingDates), so the run
 * keeps doing real work instead of answering 409 for a full morning. With
 * as many requests for every morning, each ends (nearly always) full: eight
 * bookings a doctor, the daily limit, of nine slots. The mix of answers is
 * then the same whoever serves them, about 40 bookings (201) and 140
 * refusals (409 SLOT_TAKEN with the next free slot, 422 DAILY_LIMIT_REACHED,
 * now and then 409 PATIENT_DOUBLE_BOOKED) a morning, so req/s compares like
 * with like and bookings/s is about 40/180 of it. With RACERS and FEW_RACERS
 * connections, then the same against the raw baseline
 * (bench/baseline/raw-appointments.ts) on mornings of its own; at the end a
 * check query over every appointment must find no double booking.
 */
export const appointmentBookingScenario: Scenario = {
  name: 'appointment-booking',
  number: 13,
  title: 'POST /appointments: many clients racing for the same morning, against a raw node:http baseline',
  async run(ctx) {
    const clinic = await appointmentClinic(ctx);
    const department: ClinicDepartment = await clinic.department({
      name: 'Bench Outpatients',
      code: 'BOPD',
      practitioners: PRACTITIONERS,
      slotMinutes: SLOT_MINUTES,
      weeklyHours: WEEKLY_HOURS,
    });
    const { departmentId, practitionerIds } = department;
    const limit = loadConfig(ctx.serverEnv).appointments.dailyLimitPerPractitioner;
    const capacity = PRACTITIONERS * Math.min(SLOTS_PER_MORNING, limit);
    const token = await clinic.receptionistToken();

    // Patients apart from those the availability scenario books, so neither meets the other's bookings.
    const patients = clinic.patientIds.slice(0, Math.floor(clinic.patientIds.length * 0.8));
    const random = randomSource(19_013);
    const requests: HttpRequestSpec[] = practitionerIds.flatMap((practitionerId) =>
      Array.from({ length: SLOTS_PER_MORNING * BODIES_PER_SLOT }, (_, i) => ({
        method: 'POST' as const,
        path: '/api/v1/appointments',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          practitionerId,
          departmentId,
          patientId: patients[Math.floor(random() * patients.length)],
          start: startAt(DATE, MORNING.start + Math.floor(i / BODIES_PER_SLOT) * SLOT_MINUTES),
        }),
      })),
    );

    // The same booking through both, before the loads, in an afternoon no load races for: the same answers and rows.
    const check = (minutes: number, patient: number): CheckBooking => ({
      practitionerId: practitionerIds[0],
      departmentId,
      patientId: patients[patient],
      otherPatientId: patients[patient + 1],
      date: clinicDate(2),
      minutes,
    });
    const serverBooking = await bookTwice(ctx.origin, token, check(13 * 60, 0), 'server');

    const stored: string[] = [];
    const comparison = await compareWithBaseline(ctx, {
      label: 'POST /appointments (racing)',
      what: 'the bookings',
      baseline: 'appointments',
      requests,
      expectedStatuses: [201, 409, 422],
      connections: { high: Math.min(RACERS, ctx.options.connections), low: Math.min(FEW_RACERS, ctx.options.connections) },
      beforeBaselineLoads: async (baseline) => {
        const baselineBooking = await bookTwice(baseline.origin, token, check(14 * 60, 2), 'baseline');
        const [server, raw] = [await rowShape(ctx, serverBooking), await rowShape(ctx, baselineBooking)];
        if (JSON.stringify(server) !== JSON.stringify(raw)) {
          throw new Error(`the baseline's booking ${JSON.stringify(raw)} differs from the server's ${JSON.stringify(server)}`);
        }
      },
      load: async (spec, target) => {
        const firstDate = await nextMorning(ctx, departmentId);
        const [result] = await ctx.runLoads(
          [{ ...spec, latencyByStatus: true, dates: { placeholder: DATE, firstDate, requestsPerDate: REQUESTS_PER_MORNING } }],
          target,
        );
        const after = await raced(ctx, departmentId, firstDate, capacity);
        const answered = (result.measured.statuses['201'] ?? 0) + (result.warmup?.statuses['201'] ?? 0);
        if (after.bookings < answered) {
          throw new Error(`${spec.label}: ${count(answered)} answers 201 but only ${count(after.bookings)} bookings stored`);
        }
        stored.push(
          `${target ? 'baseline' : 'server'} × ${spec.connections}: ${count(after.days)} mornings from ${firstDate}, ` +
            `${count(after.full)} of them full (${capacity} bookings; the last is cut by the end of the run), ` +
            `${count(after.bookings)} bookings for ${count(answered)} answers 201`,
        );
        return result;
      },
    });
    const doubleBooking = await doubleBookingCheck(ctx);
    const { high, low, server, serverLow, raw, rawLow, ratio, ratioLow } = comparison;
    const mix = (result: LoadResult) => {
      const { statuses, durationSeconds, latencyByStatus } = result.measured;
      const booked = statuses['201'] ?? 0;
      const p50 = (status: string) => (latencyByStatus?.[status] ? ms(latencyByStatus[status].p50) : '–');
      return (
        `${count(Math.round(booked / durationSeconds))} bookings/s; ` +
        Object.entries(statuses)
          .map(([status, n]) => `${status} ${count(n)} (p50 ${p50(status)})`)
          .join(', ')
      );
    };
    return {
      measurements: [...comparisonMeasurements(comparison), doubleBooking.measurement],
      targets: [doubleBooking.target],
      notes: [
        clinic.setUp,
        `Each request books one of ${PRACTITIONERS} doctors (20-minute slots, 09:00–12:00 and 13:00–17:00 every day, ` +
          `daily limit ${limit}) at one of the ${SLOTS_PER_MORNING} morning slots for a random patient (${count(requests.length)} ` +
          `bodies over ${count(patients.length)} patients); every connection races for the same morning until it has been ` +
          `sent ${REQUESTS_PER_MORNING} requests (${ATTEMPTS_PER_SLOT} a slot), then for the next day's. A morning holds ` +
          `${capacity} bookings (${Math.min(SLOTS_PER_MORNING, limit)} a doctor): the rest are refused. The issue sets no target.`,
        `Answers and bookings/s (201s ÷ the measured seconds): server × ${high}: ${mix(server)}; server × ${low}: ` +
          `${mix(serverLow)}; baseline × ${high}: ${mix(raw)}; baseline × ${low}: ${mix(rawLow)}.`,
        `Ratios: ${ratio.toFixed(2)} of the baseline at ${high} connections, ${ratioLow.toFixed(2)} at ${low}.`,
        `Stored, counted after each load: ${stored.join('; ')}. Bookings beyond the 201s are requests cut at the end of ` +
          `the warm-up or of the run, which the load generator does not count, that still committed.`,
        `Before the loads, one booking and the same slot again through each: 201, then 409 APPOINTMENT.SLOT_TAKEN naming ` +
          `the next slot; the two rows alike in every column but ids, patient, times and dates of writing.`,
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}. ` +
          `PostgreSQL used ${server.cpu.postgresPercent.toFixed(0)}% and ${raw.cpu.postgresPercent.toFixed(0)}% of a core.`,
        ...comparison.notes,
      ],
    };
  },
};
