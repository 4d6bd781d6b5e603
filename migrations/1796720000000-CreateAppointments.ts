import type { MigrationInterface, QueryRunner } from 'typeorm';

/** FHIR R4 Appointment statuses that hold the practitioner's and the patient's time. */
const HOLDING = `('proposed', 'pending', 'booked', 'arrived', 'checked-in', 'fulfilled')`;

/**
 * The appointments context (ADR 43): practitioners' schedules and their
 * exceptions, clinic hours per hospital, and appointments (a hold is an
 * appointment in `proposed` with an expiry). No double booking is the
 * database's rule: exclusion constraints over the practitioner's and the
 * patient's time (btree_gist), whatever writes the rows.
 */
export class CreateAppointments1796720000000 implements MigrationInterface {
  name = 'CreateAppointments1796720000000';

  async up(db: QueryRunner): Promise<void> {
    // Department heads keep schedules and may overbook; their permissions come from the role-matrix reconcile.
    const taken = (await db.query(`SELECT 1 FROM roles WHERE name = 'department_head'`)) as unknown[];
    if (taken.length > 0) throw new Error('a role named department_head exists: rename it, then migrate again');
    await db.query(
      `INSERT INTO roles (id, name, description, built_in, permissions)
       VALUES (gen_random_uuid(), 'department_head', 'Head of a department: its schedules, leave and deliberate overbooking', true, '{}')`,
    );
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await db.query(`
      CREATE TABLE clinic_hours (
        hospital_id uuid PRIMARY KEY,
        opens       time        NOT NULL,
        closes      time        NOT NULL,
        version     integer     NOT NULL DEFAULT 1,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (opens < closes)
      )`);
    await db.query(`
      CREATE TABLE schedules (
        id                       uuid PRIMARY KEY,
        practitioner_id          uuid        NOT NULL,
        hospital_id              uuid        NOT NULL,
        department_id            uuid        NOT NULL,
        specialty                text        CHECK (length(specialty) BETWEEN 1 AND 100),
        slot_minutes             integer     NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
        effective_from           date        NOT NULL,
        effective_to             date        CHECK (effective_to >= effective_from),
        -- [{ "weekday": 1..7 (ISO, Monday 1), "start": "HH:MM", "end": "HH:MM" }], checked by the domain.
        weekly_hours             jsonb       NOT NULL CHECK (jsonb_typeof(weekly_hours) = 'array'),
        price_minor              bigint      NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
        currency                 char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_by               uuid        NOT NULL,
        version                  integer     NOT NULL DEFAULT 1,
        created_at               timestamptz NOT NULL DEFAULT now(),
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX schedules_practitioner_idx ON schedules (practitioner_id, effective_from)`);
    await db.query(`CREATE INDEX schedules_department_idx ON schedules (department_id, effective_from)`);
    await db.query(`
      CREATE TABLE schedule_exceptions (
        id              uuid PRIMARY KEY,
        practitioner_id uuid        NOT NULL,
        hospital_id     uuid        NOT NULL,
        -- An extra session is held in one department; leave and blocked periods cover them all.
        department_id   uuid,
        kind            text        NOT NULL CHECK (kind IN ('leave', 'blocked', 'extra')),
        period          tstzrange   NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)
                                                    AND NOT lower_inf(period) AND NOT upper_inf(period)),
        reason          text        CHECK (length(reason) <= 200),
        created_by      uuid        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'extra') = (department_id IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX schedule_exceptions_practitioner_idx ON schedule_exceptions USING gist (practitioner_id, period)`,
    );
    await db.query(`
      CREATE TABLE appointments (
        id                    uuid PRIMARY KEY,
        hospital_id           uuid        NOT NULL,
        department_id         uuid        NOT NULL,
        practitioner_id       uuid        NOT NULL,
        -- Scope columns for appointments:read (ADR 16): own is the practitioner's.
        responsible_user_ids  uuid[]      GENERATED ALWAYS AS (ARRAY[practitioner_id]) STORED,
        patient_id            uuid,
        status                text        NOT NULL CHECK (status IN ('proposed', 'pending', 'booked', 'arrived', 'fulfilled',
                                            'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist')),
        period                tstzrange   NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)
                                                          AND NOT lower_inf(period) AND NOT upper_inf(period)),
        -- The start's calendar date in the hospital's time zone: the daily limit counts by it.
        local_date            date        NOT NULL,
        hold_expires_at       timestamptz,
        walk_in               boolean     NOT NULL DEFAULT false,
        overbooked            boolean     NOT NULL DEFAULT false,
        overbook_reason       text        CHECK (length(overbook_reason) BETWEEN 1 AND 500),
        series_id             uuid,
        schedule_id           uuid,
        price_minor           bigint      NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
        currency              char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        reschedule_count      integer     NOT NULL DEFAULT 0 CHECK (reschedule_count BETWEEN 0 AND 2),
        cancellation_reason   text        CHECK (length(cancellation_reason) BETWEEN 1 AND 500),
        fee_percent           integer     CHECK (fee_percent IN (0, 50, 100)),
        fee_minor             bigint      CHECK (fee_minor >= 0),
        encounter_id          uuid,
        booked_by             uuid        NOT NULL,
        idempotency_key       text        CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        request_sha256        text,
        version               integer     NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        -- Only a hold (held now, or released or lapsed since) may lack a patient.
        CHECK (patient_id IS NOT NULL OR hold_expires_at IS NOT NULL),
        CHECK (status <> 'proposed' OR hold_expires_at IS NOT NULL),
        CHECK (overbooked = (overbook_reason IS NOT NULL)),
        -- A fee is fixed once, with the cancellation or the no-show that caused it.
        CHECK ((fee_percent IS NULL) = (fee_minor IS NULL)),
        CHECK (fee_percent IS NULL OR status IN ('cancelled', 'noshow')),
        CONSTRAINT appointments_practitioner_time_excl
          EXCLUDE USING gist (practitioner_id WITH =, period WITH &&) WHERE (status IN ${HOLDING} AND NOT overbooked),
        CONSTRAINT appointments_patient_time_excl
          EXCLUDE USING gist (patient_id WITH =, period WITH &&) WHERE (status IN ${HOLDING} AND patient_id IS NOT NULL)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX appointments_idempotency_key ON appointments (booked_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await db.query(`CREATE INDEX appointments_practitioner_day_idx ON appointments (practitioner_id, local_date)`);
    await db.query(`CREATE INDEX appointments_department_start_idx ON appointments (department_id, lower(period), id)`);
    await db.query(`CREATE INDEX appointments_patient_idx ON appointments (patient_id, lower(period))`);
    await db.query(`CREATE INDEX appointments_series_idx ON appointments (series_id) WHERE series_id IS NOT NULL`);
    await db.query(`CREATE INDEX appointments_lapsing_holds_idx ON appointments (hold_expires_at) WHERE status = 'proposed'`);
    // Every time an appointment has held, in order: the first booking and each reschedule.
    await db.query(`
      CREATE TABLE appointment_periods (
        appointment_id uuid        NOT NULL REFERENCES appointments (id),
        seq            integer     NOT NULL CHECK (seq >= 1),
        period         tstzrange   NOT NULL,
        recorded_by    uuid        NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (appointment_id, seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE appointment_periods`);
    await db.query(`DROP TABLE appointments`);
    await db.query(`DROP TABLE schedule_exceptions`);
    await db.query(`DROP TABLE schedules`);
    await db.query(`DROP TABLE clinic_hours`);
    await db.query(`DELETE FROM roles WHERE name = 'department_head' AND built_in`);
  }
}
