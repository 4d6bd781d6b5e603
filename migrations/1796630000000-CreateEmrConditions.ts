import type { MigrationInterface, QueryRunner } from 'typeorm';

const ICD10 = `'^[A-Z][0-9]{2}(\\.[A-Z0-9]{1,4})?$'`;

/**
 * Diagnoses and problem-list entries (ADR 32): one `conditions` table, as
 * FHIR has one Condition resource, told apart by category. Diagnoses belong
 * to an encounter (a foreign key inside emr) and copy its scope columns;
 * problem-list entries are patient-wide, scoped to their writer's hospital
 * and department, and may name the encounter they were recorded from.
 * Patients, hospitals, departments and users are ids only (ADR 30).
 *
 * The ICD-10 catalogue is a hospital's own file loaded through the CLI (the
 * classification is licensed; none ships): codes by prefix
 * (text_pattern_ops), display texts by trigram for search as you type.
 */
export class CreateEmrConditions1796630000000 implements MigrationInterface {
  name = 'CreateEmrConditions1796630000000';

  async up(db: QueryRunner): Promise<void> {
    // A trusted extension since PostgreSQL 13: the database's owner may create it.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE TABLE diagnosis_codes (
        code      text PRIMARY KEY CHECK (code ~ ${ICD10}),
        display   text        NOT NULL CHECK (length(display) BETWEEN 1 AND 500),
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX diagnosis_codes_code_prefix_idx ON diagnosis_codes (code text_pattern_ops)`);
    await db.query(`CREATE INDEX diagnosis_codes_display_trgm_idx ON diagnosis_codes USING gin (display gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE conditions (
        id                   uuid PRIMARY KEY,
        category             text        NOT NULL CHECK (category IN ('encounter-diagnosis', 'problem-list-item')),
        patient_id           uuid        NOT NULL,
        hospital_id          uuid        NOT NULL,
        department_id        uuid        NOT NULL,
        responsible_user_ids uuid[]      NOT NULL DEFAULT '{}',
        encounter_id         uuid        REFERENCES encounters (id),
        code                 text        NOT NULL CHECK (code ~ ${ICD10}),
        display              text        NOT NULL CHECK (length(display) BETWEEN 1 AND 500),
        clinical_status      text        NOT NULL
                             CHECK (clinical_status IN ('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved')),
        verification_status  text        NOT NULL
                             CHECK (verification_status IN ('unconfirmed', 'provisional', 'differential', 'confirmed',
                                                            'refuted', 'entered-in-error')),
        is_primary           boolean     NOT NULL DEFAULT false,
        onset_date           date,
        abatement_date       date,
        recorder_id          uuid        NOT NULL,
        recorded_at          timestamptz NOT NULL,
        note                 encrypted_text,
        late_entry           boolean     NOT NULL DEFAULT false,
        late_entry_reason    encrypted_text,
        pii_key_id           text        CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        -- On the patient's timeline when recorded.
        listed_at            timestamptz NOT NULL GENERATED ALWAYS AS (recorded_at) STORED,
        CONSTRAINT conditions_diagnosis_on_encounter CHECK (category <> 'encounter-diagnosis' OR encounter_id IS NOT NULL),
        CONSTRAINT conditions_primary_is_diagnosis CHECK (NOT is_primary OR category = 'encounter-diagnosis'),
        CONSTRAINT conditions_dates_are_problems
          CHECK (category = 'problem-list-item' OR (onset_date IS NULL AND abatement_date IS NULL)),
        CONSTRAINT conditions_abatement_after_onset
          CHECK (abatement_date IS NULL OR onset_date IS NULL OR abatement_date >= onset_date),
        CONSTRAINT conditions_late_entry_has_reason CHECK (late_entry = (late_entry_reason IS NOT NULL)),
        CONSTRAINT conditions_texts_have_key CHECK ((note IS NULL AND late_entry_reason IS NULL) OR pii_key_id IS NOT NULL)
      )`);
    // One primary diagnosis per encounter; refuted ones and those entered in error do not count.
    await db.query(`
      CREATE UNIQUE INDEX conditions_one_primary_diagnosis ON conditions (encounter_id)
       WHERE is_primary AND verification_status NOT IN ('refuted', 'entered-in-error')`);
    // The patient's timeline and problem list, newest first, and the keyset (listed_at, id) they page by.
    await db.query(`CREATE INDEX conditions_patient_listed_idx ON conditions (patient_id, listed_at DESC, id DESC)`);
    await db.query(`
      CREATE INDEX conditions_encounter_listed_idx ON conditions (encounter_id, listed_at DESC, id DESC)
       WHERE encounter_id IS NOT NULL`);
    // own scope: conditions whose encounter a user attends, or that they recorded.
    await db.query(`CREATE INDEX conditions_responsible_users_idx ON conditions USING gin (responsible_user_ids)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE conditions`);
    await db.query(`DROP TABLE diagnosis_codes`);
    // pg_trgm stays: another table may use it by then.
  }
}
