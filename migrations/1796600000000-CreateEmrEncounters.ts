import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The EMR context's encounters (ADR 30). Patients, hospitals, departments
 * and users are referenced by id only: other contexts own those tables, and
 * the handlers check the references through their contracts. The scope
 * columns (patient, hospital, department, responsible users) are written
 * with the encounter, as ADR 16 asks of clinical records. Free texts are
 * ciphertexts under the patients' PII keyring (the `encrypted_text` domain).
 */
export class CreateEmrEncounters1796600000000 implements MigrationInterface {
  name = 'CreateEmrEncounters1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE encounter_account_seq AS bigint START 1`);
    await db.query(`
      CREATE TABLE encounters (
        id                        uuid PRIMARY KEY,
        patient_id                uuid        NOT NULL,
        hospital_id               uuid        NOT NULL,
        department_id             uuid        NOT NULL,
        class                     text        NOT NULL CHECK (class IN ('AMB', 'IMP', 'EMER', 'VR')),
        status                    text        NOT NULL
                                  CHECK (status IN ('planned', 'in-progress', 'finished', 'cancelled', 'entered-in-error')),
        attending_practitioner_id uuid,
        care_team_ids             uuid[]      NOT NULL DEFAULT '{}',
        responsible_user_ids      uuid[]      NOT NULL GENERATED ALWAYS AS (
                                    CASE WHEN attending_practitioner_id IS NULL THEN care_team_ids
                                         ELSE array_prepend(attending_practitioner_id, care_team_ids) END) STORED,
        account_number            text        NOT NULL CHECK (account_number ~ '^[A-Z0-9][A-Z0-9/.-]{3,39}$'),
        reason_text               encrypted_text,
        status_reason             encrypted_text,
        pii_key_id                text        CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        period_start              timestamptz,
        period_end                timestamptz,
        version                   integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at                timestamptz NOT NULL DEFAULT now(),
        updated_at                timestamptz NOT NULL DEFAULT now(),
        -- Newest first: a started encounter by its start, a planned one by when it was booked.
        listed_at                 timestamptz NOT NULL GENERATED ALWAYS AS (COALESCE(period_start, created_at)) STORED,
        CONSTRAINT encounters_account_number_key UNIQUE (hospital_id, account_number),
        CONSTRAINT encounters_period_order CHECK (period_end IS NULL OR (period_start IS NOT NULL AND period_end >= period_start)),
        CONSTRAINT encounters_started_has_start CHECK (status NOT IN ('in-progress', 'finished') OR period_start IS NOT NULL),
        CONSTRAINT encounters_in_progress_open CHECK (status <> 'in-progress' OR period_end IS NULL),
        CONSTRAINT encounters_finished_has_end CHECK (status <> 'finished' OR period_end IS NOT NULL),
        CONSTRAINT encounters_planned_unstarted CHECK (status <> 'planned' OR period_start IS NULL),
        CONSTRAINT encounters_texts_have_key CHECK ((reason_text IS NULL AND status_reason IS NULL) OR pii_key_id IS NOT NULL)
      )`);
    // A patient's encounters, newest first, and the keyset (listed_at, id) the list pages by.
    await db.query(`CREATE INDEX encounters_patient_listed_idx ON encounters (patient_id, listed_at DESC, id DESC)`);
    // own scope: encounters a user attends or is in the care team of.
    await db.query(`CREATE INDEX encounters_responsible_users_idx ON encounters USING gin (responsible_user_ids)`);
    await db.query(`CREATE INDEX encounters_hospital_idx ON encounters (hospital_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE encounters`);
    await db.query(`DROP SEQUENCE encounter_account_seq`);
  }
}
