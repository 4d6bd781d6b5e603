/**
 * The raw baseline of the appointment scenarios (13 and 14) on node:http and
 * pg, no framework and no Redis: POST /api/v1/appointments and
 * GET /api/v1/departments/:id/availability. The floor's HS256 check
 * (floor-token.ts); the booking rules decided by the domain's own slotFor
 * on a calendar read in one plain statement (practitioner, department, zone,
 * clinic hours, schedules, exceptions and the patient), then one
 * transaction with the repository's own statements: the advisory day lock,
 * lapsed holds let go, the day counted against the limit, the row and its
 * first period inserted under the same exclusion constraints, one event row
 * in a table of its own. Free slots (availability, and the next free slot a
 * taken slot answers) are the domain's slotsOf over plain SQL, minus held
 * time and full days. What it leaves out is listed in docs/benchmarks.md.
 * Run as its own process, with the server's environment and its own PORT;
 * the bench drops its table afterwards.
 */
// The repository carries a Nest decorator, which needs the metadata polyfill first.
import 'reflect-metadata';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '../../libs/ddd/src/uuid-v7.js';
import { loadConfig } from '../../src/config/app-config.js';
import { constraintOf } from '../../src/infrastructure/database/sql-state.js';
import { INSTANT_PATTERN } from '../../src/infrastructure/http/instant.js';
import { DOCTOR_PROFESSIONS } from '../../src/modules/auth/domain/practitioner-profession.js';
import { snapshotOf } from '../../src/modules/appointments/application/appointment-snapshot.js';
import { appointmentViewOf } from '../../src/modules/appointments/application/appointment-view.js';
import { slotViewOf } from '../../src/modules/appointments/application/availability-view.js';
import { AppointmentRuleError } from '../../src/modules/appointments/domain/appointment-errors.js';
import { HOLDING_STATUSES } from '../../src/modules/appointments/domain/appointment-status.js';
import { availabilityRangeErrors } from '../../src/modules/appointments/domain/availability-range.js';
import { slotFor } from '../../src/modules/appointments/domain/booking-rules.js';
import {
  DEFAULT_SLOT_MINUTES,
  inForceOn,
  type ScheduleException,
  type ScheduleRule,
} from '../../src/modules/appointments/domain/schedule.js';
import { type ClinicHours, DEFAULT_CLINIC_HOURS, type Slot, slotsOf } from '../../src/modules/appointments/domain/slot-grid.js';
import { addDays, isoInZone, localTimeOf } from '../../src/modules/appointments/domain/wall-clock.js';
import {
  AppointmentRepository,
  PATIENT_TIME_CONSTRAINT,
  PRACTITIONER_TIME_CONSTRAINT,
} from '../../src/modules/appointments/infrastructure/appointment.repository.js';
import { baselinePool, placementOnce } from './baseline-db.js';
import { APPOINTMENT_EVENTS_TABLE, bearerSubject, hs256Keys } from './floor-token.js';
import { readBody, Refusal, type Route, type RouteAnswer, serveRoutes } from './patient-read-server.js';

const config = loadConfig(process.env);
const pool = baselinePool(config, 'hms-bench-appointments-baseline');
const jwtKeys = hs256Keys(config);
const { minLeadMinutes, dailyLimitPerPractitioner } = config.appointments;
const repository = new AppointmentRepository();

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const IS_UUID = new RegExp(`^${UUID}$`, 'i');
const MAX_BODY = 16 * 1024;
const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;
const HOLDING = `(${HOLDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/** ISO 4217's "no currency", as the server prices a slot without a schedule. */
const NO_CURRENCY = 'XXX';
const INSERT_EVENT = `INSERT INTO ${APPOINTMENT_EVENTS_TABLE} (type, aggregate_id, actor, payload, occurred_at)
  VALUES ('appointments.AppointmentBooked.v1', $1, $2, $3::jsonb, now())`;

/** Where a department is and what its clock says. */
interface Place {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly zone: string;
  readonly clinic: ClinicHours;
}

const clinicOf = (row: { opens: number | null; closes: number | null }): ClinicHours =>
  row.opens === null || row.closes === null ? DEFAULT_CLINIC_HOURS : { opens: row.opens, closes: row.closes };

/** A schedule as the statements below give it (json_build_object), with its price. */
type ScheduleJson = ScheduleRule & { readonly priceMinor: number; readonly currency: string };
type ExceptionJson = Omit<ScheduleException, 'start' | 'end'> & {
  readonly practitionerId: string;
  readonly start: string;
  readonly end: string;
};
const SCHEDULE_JSON = `json_build_object('id', s.id, 'practitionerId', s.practitioner_id, 'departmentId', s.department_id,
  'slotMinutes', s.slot_minutes, 'effectiveFrom', to_char(s.effective_from, 'YYYY-MM-DD'),
  'effectiveTo', to_char(s.effective_to, 'YYYY-MM-DD'), 'weeklyHours', s.weekly_hours, 'priceMinor', s.price_minor,
  'currency', s.currency) ORDER BY s.effective_from, s.id`;
const EXCEPTION_JSON = `json_build_object('id', e.id, 'practitionerId', e.practitioner_id, 'kind', e.kind,
  'departmentId', e.department_id, 'start', lower(e.period), 'end', upper(e.period))`;
const exceptionOf = (e: ExceptionJson): ScheduleException => ({
  id: e.id,
  kind: e.kind,
  departmentId: e.departmentId,
  start: new Date(e.start),
  end: new Date(e.end),
});

function actorOf(authorization: string | undefined): string {
  const actor = bearerSubject(authorization, jwtKeys);
  if (!actor) throw new Refusal(401);
  return actor;
}

/** The booker's hospital: the scope of what they book. */
const hospitalOf = placementOnce(pool, 'hospital_id');

const isRuleError = (error: unknown): error is AppointmentRuleError => error instanceof AppointmentRuleError;

/**
 * The practitioners (one, or the department's active doctors holding a
 * schedule there from $8 to $9), their schedules of the department in force
 * from $2 to $3, exceptions and held time over [$4, $5), and the days they
 * have reached the limit ($6) on: one statement. The local-date bounds let
 * the held time's scan use the practitioner's day index.
 */
const slotStatement = (practitioners: string) => `
  WITH p AS (${practitioners}),
       a AS (SELECT a.practitioner_id, a.period, a.local_date FROM appointments a
              WHERE a.practitioner_id IN (SELECT id FROM p) AND a.local_date BETWEEN $2::date AND $3::date
                AND a.status IN ${HOLDING} AND (a.status <> 'proposed' OR a.hold_expires_at > now()))
  SELECT (SELECT coalesce(json_agg(p.id), '[]') FROM p) AS practitioners,
         (SELECT coalesce(json_agg(${SCHEDULE_JSON}), '[]') FROM schedules s
           WHERE s.practitioner_id IN (SELECT id FROM p) AND s.department_id = $1
             AND s.effective_from <= $3::date AND (s.effective_to IS NULL OR s.effective_to >= $2::date)) AS schedules,
         (SELECT coalesce(json_agg(${EXCEPTION_JSON}), '[]') FROM schedule_exceptions e
           WHERE e.practitioner_id IN (SELECT id FROM p) AND e.period && tstzrange($4, $5, '[)')) AS exceptions,
         (SELECT coalesce(json_agg(json_build_array(a.practitioner_id, extract(epoch FROM lower(a.period)) * 1000,
                                                    extract(epoch FROM upper(a.period)) * 1000)), '[]')
            FROM a WHERE a.period && tstzrange($4, $5, '[)')) AS held,
         (SELECT coalesce(json_agg(f.day), '[]') FROM (
            SELECT a.practitioner_id || '|' || to_char(a.local_date, 'YYYY-MM-DD') AS day FROM a
             GROUP BY a.practitioner_id, a.local_date HAVING count(*) >= $6) f) AS full_days`;
const DEPARTMENT_SLOTS = slotStatement(
  `SELECT u.id FROM users u WHERE u.status = 'active' AND lower(trim(u.profession)) = ANY($7::text[])
      AND u.id IN (SELECT s.practitioner_id FROM schedules s WHERE s.department_id = $1
                      AND s.effective_from <= $9::date AND (s.effective_to IS NULL OR s.effective_to >= $8::date))`,
);
const PRACTITIONER_SLOTS = slotStatement(`SELECT $7::uuid AS id`);

interface SlotRows {
  readonly practitioners: string[];
  readonly schedules: ScheduleJson[];
  readonly exceptions: ExceptionJson[];
  readonly held: [string, number, number][];
  readonly full_days: string[];
}

/**
 * Free slots in [from, to) from the lead time on, the department's only, by
 * start then practitioner: each practitioner's grid (slotsOf) without the
 * days at the limit and the slots that meet held time.
 */
async function freeSlots(place: Place, from: Date, to: Date, practitionerId?: string): Promise<Slot[]> {
  const earliest = new Date(Math.max(from.getTime(), Date.now() + minLeadMinutes * MINUTE));
  if (earliest >= to) return [];
  const fromDate = addDays(localTimeOf(earliest, place.zone).date, -1);
  const toDate = addDays(localTimeOf(to, place.zone).date, 1);
  const common = [place.departmentId, fromDate, toDate, earliest, to, dailyLimitPerPractitioner];
  const { rows } = practitionerId
    ? await pool.query<SlotRows>(PRACTITIONER_SLOTS, [...common, practitionerId])
    : await pool.query<SlotRows>(DEPARTMENT_SLOTS, [
        ...common,
        DOCTOR_PROFESSIONS,
        addDays(localTimeOf(from, place.zone).date, -1),
        toDate,
      ]);
  const [found] = rows;
  const held = new Map<string, [number, number][]>();
  for (const [id, start, end] of found.held) held.set(id, [...(held.get(id) ?? []), [start, end]]);
  const full = new Set(found.full_days);
  const free: Slot[] = [];
  for (const id of found.practitioners) {
    const grid = slotsOf({
      practitionerId: id,
      schedules: found.schedules.filter((s) => s.practitionerId === id),
      exceptions: found.exceptions.filter((e) => e.practitionerId === id).map(exceptionOf),
      clinic: place.clinic,
      zone: place.zone,
      from: earliest,
      to,
      departmentId: place.departmentId,
    });
    const taken = held.get(id) ?? [];
    free.push(
      ...grid.filter(
        (slot) =>
          !full.has(`${id}|${localTimeOf(slot.start, place.zone).date}`) &&
          !taken.some(([start, end]) => start < slot.end.getTime() && slot.start.getTime() < end),
      ),
    );
  }
  return free.sort((a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId));
}

const PLACE = `SELECT d.hospital_id, h.time_zone, (extract(epoch FROM c.opens) / 60)::int AS opens,
       (extract(epoch FROM c.closes) / 60)::int AS closes
  FROM departments d JOIN hospitals h ON h.id = d.hospital_id LEFT JOIN clinic_hours c ON c.hospital_id = d.hospital_id
 WHERE d.id = $1 AND EXISTS (SELECT 1 FROM schedules s WHERE s.department_id = d.id)`;

function instantParam(value: string | null): Date {
  const instant = value !== null && INSTANT_PATTERN.test(value) ? new Date(value) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) throw new Refusal(400);
  return instant;
}

const availabilityRoute: Route = {
  method: 'GET',
  path: new RegExp(`^/api/v1/departments/(${UUID})/availability$`, 'i'),
  async handle(req, match, _res, query) {
    actorOf(req.headers.authorization);
    const from = instantParam(query.get('from'));
    const to = instantParam(query.get('to'));
    if (availabilityRangeErrors(from, to).length > 0) throw new Refusal(400);
    const departmentId = match[1].toLowerCase();
    const { rows } = await pool.query<{ hospital_id: string; time_zone: string; opens: number | null; closes: number | null }>(
      PLACE,
      [departmentId],
    );
    if (!rows[0]) throw new Refusal(404);
    const place = { hospitalId: rows[0].hospital_id, departmentId, zone: rows[0].time_zone, clinic: clinicOf(rows[0]) };
    const slots = await freeSlots(place, from, to);
    return {
      body: JSON.stringify({
        practitionerId: null,
        departmentId,
        hospitalId: place.hospitalId,
        timeZone: place.zone,
        from: from.toISOString(),
        to: to.toISOString(),
        slots: slots.map((slot) => slotViewOf(slot, place.zone)),
      }),
    };
  },
};

/**
 * What the booking rules are decided on, in one statement: the practitioner
 * ($1, of the department's hospital), the department ($2), its zone and
 * clinic hours, the local date of the start ($3), the departments the
 * practitioner holds a schedule in, their schedules in force a day either
 * side and exceptions 24 hours either side, and the patient ($5) with
 * whether the booker's hospital ($6) covers them.
 */
const CALENDAR = `SELECT u.status, lower(trim(u.profession)) = ANY($4::text[]) AS doctor, u.department_id,
       d.hospital_id, h.time_zone, (extract(epoch FROM c.opens) / 60)::int AS opens,
       (extract(epoch FROM c.closes) / 60)::int AS closes, to_char(day.local, 'YYYY-MM-DD') AS local_date,
       ARRAY(SELECT DISTINCT s.department_id FROM schedules s WHERE s.practitioner_id = u.id) AS scheduled_departments,
       (SELECT coalesce(json_agg(${SCHEDULE_JSON}), '[]') FROM schedules s
         WHERE s.practitioner_id = u.id AND s.effective_from <= day.local + 1
           AND (s.effective_to IS NULL OR s.effective_to >= day.local - 1)) AS schedules,
       (SELECT coalesce(json_agg(${EXCEPTION_JSON}), '[]') FROM schedule_exceptions e
         WHERE e.practitioner_id = u.id
           AND e.period && tstzrange($3::timestamptz - interval '24 hours', $3::timestamptz + interval '24 hours', '[)'))
         AS exceptions,
       p.status AS patient_status, p.merged_into_id IS NOT NULL AS patient_merged,
       (p.registering_hospital_id = $6 OR EXISTS (SELECT 1 FROM patient_care_links l
          WHERE l.patient_id = p.id AND l.kind = 'hospital' AND l.ref_id = $6)) AS patient_in_scope
  FROM users u
  JOIN departments d ON d.id = $2 AND d.hospital_id = u.hospital_id
  JOIN hospitals h ON h.id = d.hospital_id
  LEFT JOIN clinic_hours c ON c.hospital_id = d.hospital_id
  LEFT JOIN patients p ON p.id = $5
  CROSS JOIN LATERAL (SELECT ($3::timestamptz AT TIME ZONE h.time_zone)::date AS local) day
 WHERE u.id = $1`;

interface CalendarRow {
  readonly status: string;
  readonly doctor: boolean;
  readonly department_id: string | null;
  readonly hospital_id: string;
  readonly time_zone: string;
  readonly opens: number | null;
  readonly closes: number | null;
  readonly local_date: string;
  readonly scheduled_departments: string[];
  readonly schedules: ScheduleJson[];
  readonly exceptions: ExceptionJson[];
  readonly patient_status: string | null;
  readonly patient_merged: boolean | null;
  readonly patient_in_scope: boolean | null;
}

interface Booking {
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly patientId: string;
  readonly start: Date;
  readonly end?: Date;
}

/** The request's shape, as the server's DTO asks it; holds, walk-ins and overbooking are not this baseline's. */
function bookingOf(text: string): Booking {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Refusal(400);
  }
  const { practitionerId, departmentId, patientId, start, end } = body ?? {};
  const ids = [practitionerId, departmentId, patientId];
  if (!ids.every((id): id is string => typeof id === 'string' && IS_UUID.test(id))) throw new Refusal(400);
  if (body.holdId !== undefined || body.overbookReason !== undefined || body.walkIn === true) throw new Refusal(400);
  const instant = (value: unknown) => instantParam(typeof value === 'string' ? value : null);
  const booking = { practitionerId: ids[0], departmentId: ids[1], patientId: ids[2], start: instant(start) };
  return end === undefined ? booking : { ...booking, end: instant(end) };
}

/** The next free slot after a taken one, within two weeks, as the server names it. */
async function slotTaken(place: Place, practitionerId: string, after: Date): Promise<Refusal> {
  const [next] = await freeSlots(place, after, new Date(after.getTime() + 14 * DAY_MS), practitionerId);
  return new Refusal(409, {
    code: 'APPOINTMENT.SLOT_TAKEN',
    nextFreeSlot: next ? { start: isoInZone(next.start, place.zone), end: isoInZone(next.end, place.zone) } : null,
  });
}

async function book(req: Parameters<Route['handle']>[0]): Promise<RouteAnswer> {
  const actor = actorOf(req.headers.authorization);
  const booking = bookingOf(await readBody(req, MAX_BODY));
  const { practitionerId, departmentId, patientId, start } = booking;
  const hospitalId = await hospitalOf(actor);
  const { rows } = await pool.query<CalendarRow>(CALENDAR, [
    practitionerId,
    departmentId,
    start,
    DOCTOR_PROFESSIONS,
    patientId,
    hospitalId,
  ]);
  const calendar = rows[0];
  // Unknown, not a doctor, or a department of another hospital or outside the booker's: 404, as the server answers.
  if (!calendar?.doctor || calendar.hospital_id !== hospitalId) throw new Refusal(404);
  if (calendar.status !== 'active') throw new Refusal(422, { code: 'APPOINTMENT.PRACTITIONER_INACTIVE' });
  if (calendar.patient_status === null || !calendar.patient_in_scope) throw new Refusal(404);
  if (calendar.patient_merged) throw new Refusal(409, { code: 'APPOINTMENT.PATIENT_MERGED' });
  if (calendar.patient_status !== 'active') throw new Refusal(422, { code: 'APPOINTMENT.PATIENT_INACTIVE' });

  const place: Place = { hospitalId, departmentId, zone: calendar.time_zone, clinic: clinicOf(calendar) };
  const localDate = calendar.local_date;
  const inForce = calendar.schedules.find((s) => s.departmentId === departmentId && inForceOn(s, localDate));
  const end = booking.end ?? new Date(start.getTime() + (inForce?.slotMinutes ?? DEFAULT_SLOT_MINUTES) * MINUTE);
  let scheduleId: string | null;
  try {
    scheduleId = slotFor(
      { practitionerId, departmentId, start, end },
      {
        now: new Date(),
        leadMinutes: minLeadMinutes,
        walkIn: false,
        zone: place.zone,
        clinic: place.clinic,
        practitionerDepartments: [
          ...new Set([...(calendar.department_id ? [calendar.department_id] : []), ...calendar.scheduled_departments]),
        ],
        schedules: calendar.schedules,
        exceptions: calendar.exceptions.map(exceptionOf),
      },
    ).scheduleId;
  } catch (error) {
    if (isRuleError(error)) throw new Refusal(422, { code: error.code, detail: error.message, ...error.details });
    throw error;
  }
  const schedule = calendar.schedules.find((s) => s.id === scheduleId);

  let answer: RouteAnswer | undefined;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The repository only calls query(sql, params) and reads the rows.
    const tx = {
      query: async (sql: string, params?: unknown[]) => (await client.query<Record<string, unknown>>(sql, params)).rows,
    } as unknown as EntityManager;
    await repository.lockDay(tx, practitionerId, localDate);
    await repository.lapseHolds(tx, practitionerId, patientId, start, end);
    if ((await repository.countHoldingOnDay(tx, practitionerId, localDate)) >= dailyLimitPerPractitioner) {
      throw new Refusal(422, { code: 'APPOINTMENT.DAILY_LIMIT_REACHED', limit: dailyLimitPerPractitioner, localDate });
    }
    const row = await repository.insert(tx, {
      id: uuidv7(),
      hospitalId,
      departmentId,
      practitionerId,
      patientId,
      status: 'booked',
      start,
      end,
      localDate,
      holdExpiresAt: null,
      walkIn: false,
      overbookReason: null,
      seriesId: null,
      scheduleId,
      priceMinor: schedule ? Number(schedule.priceMinor) : 0,
      currency: schedule?.currency ?? NO_CURRENCY,
      bookedBy: actor,
      idempotencyKey: null,
      requestSha256: null,
    });
    await repository.addPeriod(tx, row.id, start, end, actor);
    await client.query(INSERT_EVENT, [row.id, actor, JSON.stringify(snapshotOf(row))]);
    await client.query('COMMIT');
    answer = { status: 201, body: JSON.stringify(appointmentViewOf(row, place.zone)), version: row.version };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const constraint = constraintOf(error);
    if (constraint === PATIENT_TIME_CONSTRAINT) throw new Refusal(409, { code: 'APPOINTMENT.PATIENT_DOUBLE_BOOKED' });
    if (constraint !== PRACTITIONER_TIME_CONSTRAINT) throw error;
  } finally {
    client.release();
  }
  // The slot was taken: the next free one is looked for once the transaction has ended, as the server does.
  if (answer) return answer;
  throw await slotTaken(place, practitionerId, start);
}

const bookingRoute: Route = { method: 'POST', path: /^\/api\/v1\/appointments$/, handle: (req) => book(req) };

await pool.query(
  `CREATE TABLE IF NOT EXISTS ${APPOINTMENT_EVENTS_TABLE} (id bigserial PRIMARY KEY, type text NOT NULL, aggregate_id uuid NOT NULL, actor uuid NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL)`,
);
serveRoutes(config.http.port, config.http.host, [bookingRoute, availabilityRoute], () => pool.end());
