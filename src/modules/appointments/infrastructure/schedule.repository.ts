import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ExceptionKind, WeeklyInterval } from '../domain/schedule.js';
import { EXCEPTION_COLUMNS, SCHEDULE_COLUMNS, type ScheduleExceptionRow, type ScheduleRow } from './schedule-row.js';

export interface NewSchedule {
  readonly id: string;
  readonly practitionerId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly specialty: string | null;
  readonly slotMinutes: number;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly weeklyHours: readonly WeeklyInterval[];
  readonly priceMinor: number;
  readonly currency: string;
  readonly createdBy: string;
}

export type ScheduleChange = Pick<
  NewSchedule,
  'specialty' | 'slotMinutes' | 'effectiveFrom' | 'effectiveTo' | 'weeklyHours' | 'priceMinor' | 'currency'
>;

export interface NewException {
  readonly id: string;
  readonly practitionerId: string;
  readonly hospitalId: string;
  readonly departmentId: string | null;
  readonly kind: ExceptionKind;
  readonly start: Date;
  readonly end: Date;
  readonly reason: string | null;
  readonly createdBy: string;
}

/** Schedules and their exceptions; reviewed SQL on the unit of work's connection. */
@Injectable()
export class ScheduleRepository {
  /** Serialises the schedule writes of one practitioner, so two overlapping schedules cannot both pass the check. */
  async lockPractitioner(db: EntityManager, practitionerId: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('schedules:' || $1::text, 0))`, [practitionerId]);
  }

  async insert(db: EntityManager, s: NewSchedule): Promise<ScheduleRow> {
    const [row] = await db.query<ScheduleRow[]>(
      `WITH s AS (
         INSERT INTO schedules (id, practitioner_id, hospital_id, department_id, specialty, slot_minutes, effective_from,
                                effective_to, weekly_hours, price_minor, currency, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12) RETURNING *)
       SELECT ${SCHEDULE_COLUMNS} FROM s`,
      [
        s.id,
        s.practitionerId,
        s.hospitalId,
        s.departmentId,
        s.specialty,
        s.slotMinutes,
        s.effectiveFrom,
        s.effectiveTo,
        JSON.stringify(s.weeklyHours),
        s.priceMinor,
        s.currency,
        s.createdBy,
      ],
    );
    return row;
  }

  async update(db: EntityManager, id: string, c: ScheduleChange): Promise<ScheduleRow> {
    const [row] = await db.query<ScheduleRow[]>(
      `WITH s AS (
         UPDATE schedules SET specialty = $2, slot_minutes = $3, effective_from = $4, effective_to = $5, weekly_hours = $6::jsonb,
                price_minor = $7, currency = $8, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING *)
       SELECT ${SCHEDULE_COLUMNS} FROM s`,
      [id, c.specialty, c.slotMinutes, c.effectiveFrom, c.effectiveTo, JSON.stringify(c.weeklyHours), c.priceMinor, c.currency],
    );
    return row;
  }

  async find(db: EntityManager, id: string, lock = false): Promise<ScheduleRow | undefined> {
    const [row] = await db.query<ScheduleRow[]>(
      `SELECT ${SCHEDULE_COLUMNS} FROM schedules s WHERE s.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /** The practitioners' schedules, optionally only those in force on some day of [fromDate, toDate]; one statement for many. */
  async ofPractitioners(
    db: EntityManager,
    practitionerIds: readonly string[],
    range?: { readonly fromDate: string; readonly toDate: string },
  ): Promise<ScheduleRow[]> {
    const params: unknown[] = [practitionerIds];
    let where = 's.practitioner_id = ANY($1::uuid[])';
    if (range) {
      params.push(range.fromDate, range.toDate);
      where += ' AND s.effective_from <= $3::date AND (s.effective_to IS NULL OR s.effective_to >= $2::date)';
    }
    return db.query<ScheduleRow[]>(
      `SELECT ${SCHEDULE_COLUMNS} FROM schedules s WHERE ${where} ORDER BY s.practitioner_id, s.effective_from, s.id`,
      params,
    );
  }

  /** Schedules of a department in force on some day of the range, every practitioner's. */
  async ofDepartment(db: EntityManager, departmentId: string, fromDate: string, toDate: string): Promise<ScheduleRow[]> {
    return db.query<ScheduleRow[]>(
      `SELECT ${SCHEDULE_COLUMNS} FROM schedules s
        WHERE s.department_id = $1 AND s.effective_from <= $3::date AND (s.effective_to IS NULL OR s.effective_to >= $2::date)
        ORDER BY s.practitioner_id, s.effective_from, s.id`,
      [departmentId, fromDate, toDate],
    );
  }

  /** The departments a practitioner holds a schedule in (the user's own department comes from auth). */
  async departmentsOf(db: EntityManager, practitionerId: string): Promise<string[]> {
    const rows = await db.query<{ department_id: string }[]>(
      `SELECT DISTINCT department_id FROM schedules WHERE practitioner_id = $1`,
      [practitionerId],
    );
    return rows.map((r) => r.department_id);
  }

  /** The departments each practitioner holds a schedule in, for a page of practitioners. */
  async departmentsOfEach(db: EntityManager, practitionerIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await db.query<{ practitioner_id: string; department_ids: string[] }[]>(
      `SELECT practitioner_id, array_agg(DISTINCT department_id ORDER BY department_id)::text[] AS department_ids
         FROM schedules WHERE practitioner_id = ANY($1::uuid[]) GROUP BY practitioner_id`,
      [practitionerIds],
    );
    return new Map(rows.map((r) => [r.practitioner_id, r.department_ids]));
  }

  /** The practitioners holding a schedule in a department, at any time. */
  async practitionersIn(db: EntityManager, departmentId: string): Promise<string[]> {
    const rows = await db.query<{ practitioner_id: string }[]>(
      `SELECT DISTINCT practitioner_id FROM schedules WHERE department_id = $1`,
      [departmentId],
    );
    return rows.map((r) => r.practitioner_id);
  }

  async insertException(db: EntityManager, e: NewException): Promise<ScheduleExceptionRow> {
    const [row] = await db.query<ScheduleExceptionRow[]>(
      `WITH e AS (
         INSERT INTO schedule_exceptions (id, practitioner_id, hospital_id, department_id, kind, period, reason, created_by)
         VALUES ($1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), $8, $9) RETURNING *)
       SELECT ${EXCEPTION_COLUMNS} FROM e`,
      [e.id, e.practitionerId, e.hospitalId, e.departmentId, e.kind, e.start, e.end, e.reason, e.createdBy],
    );
    return row;
  }

  async findException(db: EntityManager, id: string, lock = false): Promise<ScheduleExceptionRow | undefined> {
    const [row] = await db.query<ScheduleExceptionRow[]>(
      `SELECT ${EXCEPTION_COLUMNS} FROM schedule_exceptions e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async deleteException(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM schedule_exceptions WHERE id = $1`, [id]);
  }

  /** Exceptions of the practitioners overlapping [from, to). */
  async exceptionsOf(
    db: EntityManager,
    practitionerIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<ScheduleExceptionRow[]> {
    return db.query<ScheduleExceptionRow[]>(
      `SELECT ${EXCEPTION_COLUMNS} FROM schedule_exceptions e
        WHERE e.practitioner_id = ANY($1::uuid[]) AND e.period && tstzrange($2, $3, '[)')
        ORDER BY lower(e.period), e.id`,
      [practitionerIds, from, to],
    );
  }

  /** Sets a hospital's clinic hours; answers how many times they have been set (the event's version). */
  async setClinicHours(db: EntityManager, hospitalId: string, opens: string, closes: string): Promise<number> {
    const [row] = await db.query<{ version: number }[]>(
      `INSERT INTO clinic_hours (hospital_id, opens, closes) VALUES ($1, $2::time, $3::time)
       ON CONFLICT (hospital_id) DO UPDATE SET opens = EXCLUDED.opens, closes = EXCLUDED.closes, updated_at = now(),
              version = clinic_hours.version + 1
       RETURNING version`,
      [hospitalId, opens, closes],
    );
    return row.version;
  }

  /** A hospital's clinic hours as minutes since local midnight, or undefined for the defaults. */
  async clinicHoursOf(db: EntityManager, hospitalId: string): Promise<{ opens: number; closes: number } | undefined> {
    const [row] = await db.query<{ opens: number; closes: number }[]>(
      `SELECT (extract(epoch FROM opens) / 60)::int AS opens, (extract(epoch FROM closes) / 60)::int AS closes
         FROM clinic_hours WHERE hospital_id = $1`,
      [hospitalId],
    );
    return row;
  }
}
