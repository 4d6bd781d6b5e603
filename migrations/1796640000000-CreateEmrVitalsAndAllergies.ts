import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The LOINC code and its one UCUM unit, as the API accepts them (ADR 33). */
const VITAL_UNITS = [
  ['8867-4', '/min'],
  ['8480-6', 'mm[Hg]'],
  ['8462-4', 'mm[Hg]'],
  ['8310-5', 'Cel'],
  ['9279-1', '/min'],
  ['59408-5', '%'],
  ['29463-7', 'kg'],
  ['8302-2', 'cm'],
  ['39156-5', 'kg/m2'],
] as const;

const UNIT_PAIRS = VITAL_UNITS.map(([code, unit]) => `('${code}', '${unit}')`).join(', ');

/**
 * Vital signs (FHIR Observation, category vital-signs) and allergies and
 * intolerances (FHIR AllergyIntolerance) of the EMR (ADR 33). A set of vitals
 * is one recording on an encounter (`vital_sets`), its observations one row
 * each; both carry the four scope columns copied from the encounter (ADR 16,
 * 30). Allergies are patient-wide: their scope is the writer's hospital and
 * department. `allergy_assertions` keeps, per patient, how many active
 * "no known allergies" assertions and active allergies there are; a trigger
 * maintains it and its CHECK refuses both at once, whatever writes the rows.
 */
export class CreateEmrVitalsAndAllergies1796640000000 implements MigrationInterface {
  name = 'CreateEmrVitalsAndAllergies1796640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE vital_sets (
        id                   uuid PRIMARY KEY,
        encounter_id         uuid        NOT NULL REFERENCES encounters (id),
        patient_id           uuid        NOT NULL,
        hospital_id          uuid        NOT NULL,
        department_id        uuid        NOT NULL,
        responsible_user_ids uuid[]      NOT NULL,
        recorded_by          uuid        NOT NULL,
        effective_at         timestamptz NOT NULL,
        late_entry           boolean     NOT NULL,
        late_entry_reason    encrypted_text,
        pii_key_id           text        CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        listed_at            timestamptz NOT NULL GENERATED ALWAYS AS (effective_at) STORED,
        CONSTRAINT vital_sets_late_has_reason CHECK (late_entry = (late_entry_reason IS NOT NULL)),
        CONSTRAINT vital_sets_texts_have_key CHECK (late_entry_reason IS NULL OR pii_key_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX vital_sets_patient_listed_idx ON vital_sets (patient_id, listed_at DESC, id DESC)`);
    await db.query(`CREATE INDEX vital_sets_encounter_idx ON vital_sets (encounter_id)`);

    await db.query(`
      CREATE TABLE vital_observations (
        id                   uuid PRIMARY KEY,
        set_id               uuid        NOT NULL REFERENCES vital_sets (id),
        encounter_id         uuid        NOT NULL REFERENCES encounters (id),
        patient_id           uuid        NOT NULL,
        hospital_id          uuid        NOT NULL,
        department_id        uuid        NOT NULL,
        responsible_user_ids uuid[]      NOT NULL,
        recorded_by          uuid        NOT NULL,
        code                 text        NOT NULL,
        value                numeric(7, 3) NOT NULL CHECK (value >= 0),
        unit                 text        NOT NULL,
        interpretation       text        CHECK (interpretation IN ('LL', 'L', 'N', 'H', 'HH')),
        derived              boolean     NOT NULL DEFAULT false,
        status               text        NOT NULL DEFAULT 'final' CHECK (status IN ('final', 'entered-in-error')),
        status_reason        encrypted_text,
        pii_key_id           text        CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        effective_at         timestamptz NOT NULL,
        late_entry           boolean     NOT NULL,
        version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        listed_at            timestamptz NOT NULL GENERATED ALWAYS AS (effective_at) STORED,
        CONSTRAINT vital_observations_code_unit CHECK ((code, unit) IN (${UNIT_PAIRS})),
        CONSTRAINT vital_observations_one_per_code UNIQUE (set_id, code),
        CONSTRAINT vital_observations_error_has_reason CHECK ((status = 'entered-in-error') = (status_reason IS NOT NULL)),
        CONSTRAINT vital_observations_texts_have_key CHECK (status_reason IS NULL OR pii_key_id IS NOT NULL)
      )`);
    // The trend: one code of one patient, newest first, by the keyset (effective_at, id).
    await db.query(
      `CREATE INDEX vital_observations_trend_idx ON vital_observations (patient_id, code, effective_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE INDEX vital_observations_patient_listed_idx ON vital_observations (patient_id, listed_at DESC, id DESC)`,
    );
    await db.query(`CREATE INDEX vital_observations_set_idx ON vital_observations (set_id)`);

    await db.query(`
      CREATE TABLE allergy_intolerances (
        id                   uuid PRIMARY KEY,
        patient_id           uuid        NOT NULL,
        hospital_id          uuid        NOT NULL,
        department_id        uuid        NOT NULL,
        responsible_user_ids uuid[]      NOT NULL,
        encounter_id         uuid        REFERENCES encounters (id),
        recorded_by          uuid        NOT NULL,
        kind                 text        NOT NULL CHECK (kind IN ('substance', 'no-known-allergies')),
        substance_text       encrypted_text,
        -- The drug catalogue's or a terminology's code, once pharmacy links substances.
        substance_code       text,
        type                 text        CHECK (type IN ('allergy', 'intolerance')),
        categories           text[]      NOT NULL DEFAULT '{}'
                             CHECK (categories <@ ARRAY['food', 'medication', 'environment', 'biologic']::text[]),
        criticality          text        CHECK (criticality IN ('low', 'high', 'unable-to-assess')),
        reactions_text       encrypted_text,
        reaction_severities  text[]      NOT NULL DEFAULT '{}'
                             CHECK (reaction_severities <@ ARRAY['mild', 'moderate', 'severe']::text[]),
        clinical_status      text        CHECK (clinical_status IN ('active', 'inactive', 'resolved')),
        verification_status  text        NOT NULL
                             CHECK (verification_status IN ('unconfirmed', 'confirmed', 'refuted', 'entered-in-error')),
        onset_at             timestamptz,
        pii_key_id           text        CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        -- On the timeline when recorded.
        listed_at            timestamptz NOT NULL DEFAULT now(),
        -- FHIR ait-1, ait-2: a clinical status unless entered in error, and none then.
        CONSTRAINT allergy_intolerances_clinical_status CHECK ((verification_status = 'entered-in-error') = (clinical_status IS NULL)),
        CONSTRAINT allergy_intolerances_substance CHECK ((kind = 'substance') = (substance_text IS NOT NULL)),
        CONSTRAINT allergy_intolerances_nka_bare CHECK (
          kind = 'substance' OR (type IS NULL AND criticality IS NULL AND reactions_text IS NULL AND categories = '{}'
                                 AND substance_code IS NULL)),
        CONSTRAINT allergy_intolerances_texts_have_key CHECK (
          (substance_text IS NULL AND reactions_text IS NULL) OR pii_key_id IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX allergy_intolerances_patient_listed_idx ON allergy_intolerances (patient_id, listed_at DESC, id DESC)`,
    );

    await db.query(`
      CREATE TABLE allergy_assertions (
        patient_id       uuid PRIMARY KEY,
        active_nka       integer NOT NULL DEFAULT 0 CHECK (active_nka BETWEEN 0 AND 1),
        active_allergies integer NOT NULL DEFAULT 0 CHECK (active_allergies >= 0),
        CONSTRAINT allergy_assertions_consistent CHECK (active_nka = 0 OR active_allergies = 0)
      )`);
    // Deltas, not recounts: ON CONFLICT DO UPDATE adds to the latest committed row, so two writers cannot both miss each other.
    await db.query(`
      CREATE FUNCTION allergy_assertions_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.clinical_status = 'active' AND OLD.verification_status <> 'refuted' THEN
          UPDATE allergy_assertions
             SET active_nka = active_nka - (OLD.kind = 'no-known-allergies')::int,
                 active_allergies = active_allergies - (OLD.kind = 'substance')::int
           WHERE patient_id = OLD.patient_id;
        END IF;
        IF NEW.clinical_status = 'active' AND NEW.verification_status <> 'refuted' THEN
          INSERT INTO allergy_assertions AS a (patient_id, active_nka, active_allergies)
          VALUES (NEW.patient_id, (NEW.kind = 'no-known-allergies')::int, (NEW.kind = 'substance')::int)
          ON CONFLICT (patient_id) DO UPDATE
            SET active_nka = a.active_nka + EXCLUDED.active_nka,
                active_allergies = a.active_allergies + EXCLUDED.active_allergies;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER allergy_assertions_track AFTER INSERT OR UPDATE ON allergy_intolerances
        FOR EACH ROW EXECUTE FUNCTION allergy_assertions_track()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE allergy_intolerances`);
    await db.query(`DROP FUNCTION allergy_assertions_track()`);
    await db.query(`DROP TABLE allergy_assertions`);
    await db.query(`DROP TABLE vital_observations`);
    await db.query(`DROP TABLE vital_sets`);
  }
}
