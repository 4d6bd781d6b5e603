import { loadConfig } from '../../src/config/app-config.js';
import { addDays, clockOf, weekdayOf } from '../../src/modules/appointments/domain/wall-clock.js';
import { ApiClient, expectStatus } from '../api-client.js';
import type { HttpRequestSpec } from '../load/load-protocol.js';
import { processCpu } from '../load/run-loads.js';
import type { BenchContext, Scenario } from '../scenario.js';
import { appointmentClinic, CLINIC_OFFSET, clinicDate, doubleBookingCheck } from './appointment-clinic.js';
import { compareWithBaseline, comparisonMeasurements } from './baseline-comparison.js';

/** Doctors of the department whose availability is read. */
const PRACTITIONERS = 20;
const SLOT_MINUTES = 30;
/** Monday to Friday, 09:00–12:00 and 13:00–17:00: fourteen slots a doctor a working day. */
const SESSIONS = [
  { start: 9 * 60, end: 12 * 60 },
  { start: 13 * 60, end: 17 * 60 },
];
const WEEKLY_HOURS = [1, 2, 3, 4, 5].flatMap((weekday) =>
  SESSIONS.map((s) => ({ weekday, start: clockOf(s.start), end: clockOf(s.end) })),
);
/** Each slot of a working day as minutes past midnight. */
const DAY_SLOTS = SESSIONS.flatMap((s) =>
  Array.from({ length: (s.end - s.start) / SLOT_MINUTES }, (_, i) => s.start + i * SLOT_MINUTES),
);
/** The range each request asks for. */
const RANGE_DAYS = 7;
/** Requests ask for RANGE_DAYS from one of this many consecutive days; every answer is checked on both before the loads. */
const RANGES = 7;
/** Bookings a doctor has on a working day; on about one working day in ten, as many as the daily limit (no slot left). */
const BOOKED_A_DAY = 3;
/** The first day asked for, days from today: past the lead time, so every answer is the whole range's. */
const FIRST_DAY = 7;
/**
 * Connections of the two loads (the run's --connections caps them). An answer
 * is CPU-bound, tens of milliseconds and more on a busy two-core machine
 * (the grid converts each slot's wall-clock times through Intl, both sides),
 * so a few in flight keep the process busy, and the run's 200 would queue
 * each answer past the load generator's 10 s timeout.
 */
const CONNECTIONS = { high: 8, low: 2 };
/** Bookings made at once while setting up. */
const SET_UP_CONCURRENCY = 4;

const count = (n: number) => n.toLocaleString('en-US');
/** "990" or "980 to 990", for the notes. */
const span = (values: readonly number[]) => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? count(low) : `${count(low)} to ${count(high)}`;
};

interface AvailabilityAnswer {
  readonly slots: readonly { readonly practitionerId: string; readonly start: string }[];
}

/** The slots (indexes into DAY_SLOTS) booked for doctor `p` on the `d`-th day, none on a weekend. */
function bookedSlots(p: number, d: number, date: string, limit: number): number[] {
  if (weekdayOf(date) > 5) return [];
  if ((p + d) % 10 === 0) return Array.from({ length: Math.min(limit, DAY_SLOTS.length) }, (_, i) => i);
  return Array.from({ length: BOOKED_A_DAY }, (_, k) => (3 * p + 5 * d + 4 * k) % DAY_SLOTS.length);
}

/** Books `bookings` through the server as the receptionist, a few at a time; each must answer 201. */
async function bookAll(ctx: BenchContext, token: string, bookings: readonly Record<string, string>[]): Promise<void> {
  const queue = [...bookings];
  await Promise.all(
    Array.from({ length: SET_UP_CONCURRENCY }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const res = await ctx.api.request('POST', '/api/v1/appointments', { token, json: next });
        expectStatus(res, 201, `booking ${next.start} for the availability scenario`);
      }
    }),
  );
}

/** Every range's answer from one origin: 200 with as many free slots as the set-up leaves. */
async function answers(origin: string, token: string, requests: readonly HttpRequestSpec[], expected: readonly number[]) {
  const api = new ApiClient(origin);
  const bodies: AvailabilityAnswer[] = [];
  for (const [i, request] of requests.entries()) {
    const res = await api.request<AvailabilityAnswer>('GET', request.path, { token });
    expectStatus(res, 200, `the availability ${request.path} from ${origin}`);
    if (res.body.slots.length !== expected[i]) {
      throw new Error(`${origin} answered ${res.body.slots.length} free slots for ${request.path}; ${expected[i]} expected`);
    }
    bodies.push(res.body);
  }
  return bodies;
}

/**
 * Scenario 14 (issue 19): GET /api/v1/departments/:id/availability over 7
 * days as the receptionist, for a department of 20 doctors, each with
 * 30-minute slots Monday to Friday, 09:00–12:00 and 13:00–17:00, three
 * bookings a working day, and now and then a day at the daily limit (no
 * slot left), all booked through the server beforehand. Each request asks
 * for seven days from one of seven consecutive days (about a thousand free
 * slots each). With CONNECTIONS, then the same against the raw baseline
 * (bench/baseline/raw-appointments.ts: plain SQL, the domain's slotsOf, held
 * time and full days taken out), whose answers must be the server's to the
 * byte.
 */
export const appointmentAvailabilityScenario: Scenario = {
  name: 'appointment-availability',
  number: 14,
  title: 'GET /departments/:id/availability (20 doctors, 7 days), against a raw node:http baseline',
  async run(ctx) {
    const clinic = await appointmentClinic(ctx);
    const { departmentId, practitionerIds } = await clinic.department({
      name: 'Bench Clinics',
      code: 'BCLN',
      practitioners: PRACTITIONERS,
      slotMinutes: SLOT_MINUTES,
      weeklyHours: WEEKLY_HOURS,
    });
    const limit = loadConfig(ctx.serverEnv).appointments.dailyLimitPerPractitioner;
    const token = await clinic.receptionistToken();

    // Patients apart from those the booking scenario races with, one a booking.
    const patients = clinic.patientIds.slice(Math.floor(clinic.patientIds.length * 0.8));
    const days = Array.from({ length: RANGES + RANGE_DAYS - 1 }, (_, d) => clinicDate(FIRST_DAY + d));
    const bookings = practitionerIds.flatMap((practitionerId, p) =>
      days.flatMap((date, d) =>
        bookedSlots(p, d, date, limit).map((slot) => ({
          practitionerId,
          departmentId,
          start: `${date}T${clockOf(DAY_SLOTS[slot])}:00${CLINIC_OFFSET}`,
        })),
      ),
    );
    if (bookings.length > patients.length) throw new Error(`${bookings.length} bookings for ${patients.length} patients`);
    ctx.log(`  booking ${count(bookings.length)} appointments through the server`);
    const booking = performance.now();
    await bookAll(
      ctx,
      token,
      bookings.map((b, i) => ({ ...b, patientId: patients[i] })),
    );
    const bookingSeconds = (performance.now() - booking) / 1000;

    // Free slots a range should answer: every working day's grid minus its bookings, nothing on a day at the limit.
    const freeOn = (d: number) =>
      practitionerIds.reduce((sum, _, p) => {
        if (weekdayOf(days[d]) > 5) return sum;
        const booked = bookedSlots(p, d, days[d], limit).length;
        return sum + (booked >= limit ? 0 : DAY_SLOTS.length - booked);
      }, 0);
    const expected = Array.from({ length: RANGES }, (_, r) =>
      Array.from({ length: RANGE_DAYS }, (_, i) => freeOn(r + i)).reduce((a, b) => a + b, 0),
    );
    const requests: HttpRequestSpec[] = Array.from({ length: RANGES }, (_, r) => {
      const from = `${days[r]}T00:00:00${CLINIC_OFFSET}`;
      const to = `${addDays(days[r], RANGE_DAYS)}T00:00:00${CLINIC_OFFSET}`;
      return {
        method: 'GET',
        path: `/api/v1/departments/${departmentId}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        headers: { authorization: `Bearer ${token}` },
      };
    });
    const served = await answers(ctx.origin, token, requests, expected);
    const bytes = served.map((body) => Buffer.byteLength(JSON.stringify(body)));

    const comparison = await compareWithBaseline(ctx, {
      label: 'GET /departments/:id/availability (7 days)',
      what: 'the availability',
      baseline: 'appointments',
      requests,
      expectedStatuses: [200],
      connections: {
        high: Math.min(CONNECTIONS.high, ctx.options.connections),
        low: Math.min(CONNECTIONS.low, ctx.options.connections),
      },
      // The same slots, in the same order, as the same JSON: the baseline computes what the server computes.
      beforeBaselineLoads: async (baseline) => {
        const raw = await answers(baseline.origin, token, requests, expected);
        raw.forEach((body, i) => {
          if (JSON.stringify(body) !== JSON.stringify(served[i])) {
            throw new Error(`the baseline's availability ${requests[i].path} differs from the server's`);
          }
        });
      },
    });
    const doubleBooking = await doubleBookingCheck(ctx);
    const { high, low, server, raw, ratio, ratioLow } = comparison;
    return {
      measurements: [...comparisonMeasurements(comparison), doubleBooking.measurement],
      targets: [doubleBooking.target],
      notes: [
        clinic.setUp,
        `A department of ${PRACTITIONERS} doctors, ${SLOT_MINUTES}-minute slots Monday to Friday 09:00–12:00 and 13:00–17:00 ` +
          `(${DAY_SLOTS.length} a working day); ${count(bookings.length)} bookings over ${days.length} days from ` +
          `${days[0]}, ${BOOKED_A_DAY} a doctor a working day and about one working day in ten at the daily limit of ` +
          `${limit}, booked through the server in ${bookingSeconds.toFixed(1)} s. The issue sets no target.`,
        `Each request asks for ${RANGE_DAYS} days from one of ${RANGES} consecutive days: ${span(expected)} free slots, ` +
          `${span(bytes)} bytes of JSON an answer; every answer checked before the loads (200, the free slots the ` +
          `set-up leaves), the baseline's the same JSON as the server's.`,
        `Ratios: ${ratio.toFixed(2)} of the baseline at ${high} connections, ${ratioLow.toFixed(2)} at ${low}.`,
        `CPU at ${high} connections: ${processCpu(server.cpu)}; baseline run: ${processCpu(raw.cpu).replace('server', 'baseline')}. ` +
          `PostgreSQL used ${server.cpu.postgresPercent.toFixed(0)}% and ${raw.cpu.postgresPercent.toFixed(0)}% of a core.`,
        ...comparison.notes,
      ],
    };
  },
};
