import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import { HOLDING_STATUSES } from '../domain/appointment-status.js';
import { APPOINTMENT_COLUMNS, type AppointmentRow } from './appointment-row.js';

/** The exclusion constraints: their violation is the slot taken or the patient booked elsewhere, never a crash. */
export const PRACTITIONER_TIME_CONSTRAINT = 'appointments_practitioner_time_excl';
export const PATIENT_TIME_CONSTRAINT = 'appointments_patient_time_excl';

export interface NewAppointment {
  readonly id: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly practitionerId: string;
  readonly patientId: string | null;
  readonly status: 'proposed' | 'booked';
  readonly start: Date;
  readonly end: Date;
  readonly localDate: string;
  readonly holdExpiresAt: Date | null;
  readonly walkIn: boolean;
  readonly overbookReason: string | null;
  readonly seriesId: string | null;
  readonly scheduleId: string | null;
  readonly priceMinor: number;
  readonly currency: string;
  readonly bookedBy: string;
  readonly idempotencyKey: string | null;
  readonly requestSha256: string | null;
}

/** A change of an appointment's columns; the version goes up by one. */
export interface AppointmentChange {
  readonly status?: AppointmentRow['status'];
  readonly patientId?: string;
  readonly period?: { readonly start: Date; readonly end: Date; readonly localDate: string };
  readonly holdExpiresAt?: Date | null;
  readonly rescheduleCount?: number;
  readonly cancellationReason?: string;
  readonly fee?: { readonly percent: 0 | 50 | 100; readonly minor: number };
  readonly encounterId?: string;
  readonly walkIn?: boolean;
  readonly overbookReason?: string | null;
  readonly idempotencyKey?: string;
  readonly requestSha256?: string;
}

const HOLDING = `(${HOLDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

@Injectable()
export class AppointmentRepository {
  /**
   * Serialises every booking of one practitioner on one local day until the
   * commit: the daily limit is a count, and a count is only exact when no
   * other booking of that day can commit between it and the insert.
   */
  async lockDay(db: EntityManager, practitionerId: string, localDate: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('appointments:' || $1::text || ':' || $2::text, 0))`, [
      practitionerId,
      localDate,
    ]);
  }

  /** Serialises the requests of one booker under one Idempotency-Key. */
  async lockIdempotencyKey(db: EntityManager, bookedBy: string, key: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('appointment-key:' || $1::text || ':' || $2, 0))`, [
      bookedBy,
      key,
    ]);
  }

  async findByIdempotencyKey(db: EntityManager, bookedBy: string, key: string): Promise<AppointmentRow | undefined> {
    const [row] = await db.query<AppointmentRow[]>(
      `SELECT ${APPOINTMENT_COLUMNS('a')} FROM appointments a WHERE a.booked_by = $1 AND a.idempotency_key = $2`,
      [bookedBy, key],
    );
    return row;
  }

  /**
   * Holds whose time ran out stop holding it: cancelled, so the exclusion
   * constraints (which cannot look at the clock) let the slot go. Only
   * those in the way of [start, end) of this practitioner or patient.
   */
  async lapseHolds(
    db: EntityManager,
    practitionerId: string,
    patientId: string | null,
    start: Date,
    end: Date,
  ): Promise<AppointmentRow[]> {
    return db.query<AppointmentRow[]>(
      `WITH a AS (
         UPDATE appointments SET status = 'cancelled', cancellation_reason = 'hold lapsed', version = version + 1, updated_at = now()
          WHERE status = 'proposed' AND hold_expires_at <= now() AND period && tstzrange($3, $4, '[)')
            AND (practitioner_id = $1 OR patient_id = $2)
          RETURNING *)
       SELECT ${APPOINTMENT_COLUMNS('a')} FROM a`,
      [practitionerId, patientId, start, end],
    );
  }

  /** Appointments holding the practitioner's time on the local day (holds in force count: they block like a booking). */
  async countHoldingOnDay(db: EntityManager, practitionerId: string, localDate: string, except?: string): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM appointments
        WHERE practitioner_id = $1 AND local_date = $2::date AND status IN ${HOLDING}
          AND (status <> 'proposed' OR hold_expires_at > now()) AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [practitionerId, localDate, except ?? null],
    );
    return row.n;
  }

  async insert(db: EntityManager, a: NewAppointment): Promise<AppointmentRow> {
    const [row] = await db.query<AppointmentRow[]>(
      `WITH a AS (
         INSERT INTO appointments (id, hospital_id, department_id, practitioner_id, patient_id, status, period, local_date,
                                   hold_expires_at, walk_in, overbooked, overbook_reason, series_id, schedule_id, price_minor,
                                   currency, booked_by, idempotency_key, request_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, tstzrange($7, $8, '[)'), $9::date, $10, $11, $12::text IS NOT NULL, $12::text, $13, $14, $15,
                 $16, $17, $18, $19)
         RETURNING *)
       SELECT ${APPOINTMENT_COLUMNS('a')} FROM a`,
      [
        a.id,
        a.hospitalId,
        a.departmentId,
        a.practitionerId,
        a.patientId,
        a.status,
        a.start,
        a.end,
        a.localDate,
        a.holdExpiresAt,
        a.walkIn,
        a.overbookReason,
        a.seriesId,
        a.scheduleId,
        a.priceMinor,
        a.currency,
        a.bookedBy,
        a.idempotencyKey,
        a.requestSha256,
      ],
    );
    return row;
  }

  async find(db: EntityManager, id: string, lock = false): Promise<AppointmentRow | undefined> {
    const [row] = await db.query<AppointmentRow[]>(
      `SELECT ${APPOINTMENT_COLUMNS('a')} FROM appointments a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  /**
   * The statement that loads one appointment for a recorded read (ADR 29): by
   * id, under the patient's current record or the id it was booked under; the
   * current id stands as the appointment's patient in the scope test.
   */
  byIdFor(id: string, currentPatientId: string, filedUnder: string): SqlStatement {
    return {
      sql: `SELECT ${APPOINTMENT_COLUMNS('a')}, $2::uuid AS current_patient_id FROM appointments a
             WHERE a.id = $1 AND a.patient_id = ANY($3::uuid[])`,
      params: [id, currentPatientId, [currentPatientId, filedUnder]],
    };
  }

  async update(db: EntityManager, id: string, change: AppointmentChange): Promise<AppointmentRow> {
    const sets: string[] = ['version = version + 1', 'updated_at = now()'];
    const params: unknown[] = [id];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (change.status !== undefined) sets.push(`status = ${bind(change.status)}`);
    if (change.patientId !== undefined) sets.push(`patient_id = ${bind(change.patientId)}`);
    if (change.period) {
      sets.push(`period = tstzrange(${bind(change.period.start)}, ${bind(change.period.end)}, '[)')`);
      sets.push(`local_date = ${bind(change.period.localDate)}::date`);
    }
    if (change.holdExpiresAt !== undefined) sets.push(`hold_expires_at = ${bind(change.holdExpiresAt)}`);
    if (change.rescheduleCount !== undefined) sets.push(`reschedule_count = ${bind(change.rescheduleCount)}`);
    if (change.cancellationReason !== undefined) sets.push(`cancellation_reason = ${bind(change.cancellationReason)}`);
    if (change.fee) sets.push(`fee_percent = ${bind(change.fee.percent)}`, `fee_minor = ${bind(change.fee.minor)}`);
    if (change.encounterId !== undefined) sets.push(`encounter_id = ${bind(change.encounterId)}`);
    if (change.walkIn !== undefined) sets.push(`walk_in = ${bind(change.walkIn)}`);
    if (change.overbookReason !== undefined) {
      sets.push(`overbook_reason = ${bind(change.overbookReason)}`, `overbooked = ${bind(change.overbookReason !== null)}`);
    }
    if (change.idempotencyKey !== undefined) sets.push(`idempotency_key = ${bind(change.idempotencyKey)}`);
    if (change.requestSha256 !== undefined) sets.push(`request_sha256 = ${bind(change.requestSha256)}`);
    const [row] = await db.query<AppointmentRow[]>(
      `WITH a AS (UPDATE appointments SET ${sets.join(', ')} WHERE id = $1 RETURNING *)
       SELECT ${APPOINTMENT_COLUMNS('a')} FROM a`,
      params,
    );
    return row;
  }

  /** Keeps one more period in the appointment's history of times (the first booking is 1). */
  async addPeriod(db: EntityManager, appointmentId: string, start: Date, end: Date, by: string): Promise<void> {
    await db.query(
      `INSERT INTO appointment_periods (appointment_id, seq, period, recorded_by)
       SELECT $1, COALESCE(max(seq), 0) + 1, tstzrange($2, $3, '[)'), $4 FROM appointment_periods WHERE appointment_id = $1`,
      [appointmentId, start, end, by],
    );
  }

  async periodsOf(
    db: EntityManager,
    appointmentId: string,
  ): Promise<{ start: Date; end: Date; recordedAt: Date; recordedBy: string }[]> {
    return db.query(
      `SELECT lower(period) AS start, upper(period) AS "end", recorded_at AS "recordedAt", recorded_by AS "recordedBy"
         FROM appointment_periods WHERE appointment_id = $1 ORDER BY seq`,
      [appointmentId],
    );
  }

  /** The time the practitioners' appointments hold in [from, to) (holds in force included), for availability. */
  async heldTimes(
    db: EntityManager,
    practitionerIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<{ practitioner_id: string; starts_at: Date; ends_at: Date }[]> {
    return db.query(
      `SELECT practitioner_id, lower(period) AS starts_at, upper(period) AS ends_at FROM appointments
        WHERE practitioner_id = ANY($1::uuid[]) AND period && tstzrange($2, $3, '[)') AND status IN ${HOLDING}
          AND (status <> 'proposed' OR hold_expires_at > now())`,
      [practitionerIds, from, to],
    );
  }

  /** Holding appointments per practitioner and local day in [fromDate, toDate], for the daily limit in availability. */
  async dayCounts(
    db: EntityManager,
    practitionerIds: readonly string[],
    fromDate: string,
    toDate: string,
  ): Promise<{ practitioner_id: string; local_date: string; n: number }[]> {
    return db.query(
      `SELECT practitioner_id, to_char(local_date, 'YYYY-MM-DD') AS local_date, count(*)::int AS n FROM appointments
        WHERE practitioner_id = ANY($1::uuid[]) AND local_date BETWEEN $2::date AND $3::date AND status IN ${HOLDING}
          AND (status <> 'proposed' OR hold_expires_at > now())
        GROUP BY practitioner_id, local_date`,
      [practitionerIds, fromDate, toDate],
    );
  }

  /** A page of appointments within `scope` (binds from $1 over `a`), by start then id. */
  async list(
    db: EntityManager,
    filter: {
      readonly practitionerId?: string;
      readonly patientIds?: readonly string[];
      readonly departmentId?: string;
      readonly statuses?: readonly string[];
      readonly from?: Date;
      readonly to?: Date;
      /** The start's calendar date in the hospital's zone. */
      readonly localDate?: string;
      /** Leaves out holds whose time ran out (still `proposed` until a booking lets them go). */
      readonly holdsInForceOnly?: boolean;
      readonly after?: { readonly start: string; readonly id: string };
      readonly limit: number;
    },
    scope: SqlFilter,
  ): Promise<(AppointmentRow & { start_key: string })[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql];
    if (filter.practitionerId) where.push(`a.practitioner_id = ${bind(filter.practitionerId)}::uuid`);
    if (filter.patientIds) where.push(`a.patient_id = ANY(${bind(filter.patientIds)}::uuid[])`);
    if (filter.departmentId) where.push(`a.department_id = ${bind(filter.departmentId)}::uuid`);
    if (filter.statuses) where.push(`a.status = ANY(${bind(filter.statuses)}::text[])`);
    if (filter.from) where.push(`lower(a.period) >= ${bind(filter.from)}::timestamptz`);
    if (filter.to) where.push(`lower(a.period) < ${bind(filter.to)}::timestamptz`);
    if (filter.localDate) where.push(`a.local_date = ${bind(filter.localDate)}::date`);
    if (filter.holdsInForceOnly) where.push(`(a.status <> 'proposed' OR a.hold_expires_at > now())`);
    if (filter.after) {
      where.push(`(lower(a.period), a.id) > (${bind(filter.after.start)}::timestamptz, ${bind(filter.after.id)}::uuid)`);
    }
    return db.query(
      `SELECT ${APPOINTMENT_COLUMNS('a')},
              to_char(lower(a.period) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS start_key
         FROM appointments a WHERE ${where.join(' AND ')}
        ORDER BY lower(a.period), a.id LIMIT ${bind(filter.limit + 1)}`,
      params,
    );
  }
}
