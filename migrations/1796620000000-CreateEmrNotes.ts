import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clinical notes (ADR 31): FHIR Composition-like records on an encounter.
 * The four scope columns are copied from the encounter when a note is
 * written (ADR 16); patients, hospitals, departments and users are ids only.
 * The text and the reasons are ciphertexts under the patients' PII keyring.
 * A signed note never changes: an amendment is a new row linked to the
 * version it corrects, and PostgreSQL keeps one current version per note.
 */
export class CreateEmrNotes1796620000000 implements MigrationInterface {
  name = 'CreateEmrNotes1796620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE clinical_notes (
        id                   uuid PRIMARY KEY,
        encounter_id         uuid        NOT NULL REFERENCES encounters (id),
        patient_id           uuid        NOT NULL,
        hospital_id          uuid        NOT NULL,
        department_id        uuid        NOT NULL,
        responsible_user_ids uuid[]      NOT NULL DEFAULT '{}',
        -- Composition.type: LOINC document codes (progress, consult, admission H&P, discharge summary, procedure, nurse).
        type_code            text        NOT NULL
                             CHECK (type_code IN ('11506-3', '11488-4', '51849-8', '18842-5', '28570-0', '34746-8')),
        status               text        NOT NULL DEFAULT 'preliminary'
                             CHECK (status IN ('preliminary', 'final', 'amended', 'entered-in-error')),
        author_id            uuid        NOT NULL,
        text                 encrypted_text NOT NULL,
        late_entry           boolean     NOT NULL DEFAULT false,
        late_entry_reason    encrypted_text,
        amends_note_id       uuid        REFERENCES clinical_notes (id),
        original_note_id     uuid        NOT NULL REFERENCES clinical_notes (id),
        amendment_reason     encrypted_text,
        pii_key_id           text        NOT NULL CHECK (pii_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        signed_at            timestamptz,
        version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        -- On the patient's timeline when written.
        listed_at            timestamptz NOT NULL GENERATED ALWAYS AS (created_at) STORED,
        CONSTRAINT clinical_notes_late_entry_has_reason CHECK (late_entry = (late_entry_reason IS NOT NULL)),
        CONSTRAINT clinical_notes_amendment_has_reason CHECK ((amends_note_id IS NULL) = (amendment_reason IS NULL)),
        CONSTRAINT clinical_notes_original_is_first CHECK ((amends_note_id IS NULL) = (original_note_id = id)),
        CONSTRAINT clinical_notes_amendment_signed CHECK (amends_note_id IS NULL OR status <> 'preliminary'),
        CONSTRAINT clinical_notes_draft_unsigned CHECK (status <> 'preliminary' OR signed_at IS NULL),
        CONSTRAINT clinical_notes_signed_has_instant CHECK (status NOT IN ('final', 'amended') OR signed_at IS NOT NULL),
        -- A version is amended once: the chain of versions never forks.
        CONSTRAINT clinical_notes_amended_once UNIQUE (amends_note_id)
      )`);
    // One current version per note: every other version of it is amended.
    await db.query(`
      CREATE UNIQUE INDEX clinical_notes_one_current_version ON clinical_notes (original_note_id)
       WHERE status IN ('preliminary', 'final')`);
    // An encounter's notes and a patient's timeline, newest first by (listed_at, id).
    await db.query(`CREATE INDEX clinical_notes_encounter_listed_idx ON clinical_notes (encounter_id, listed_at DESC, id DESC)`);
    await db.query(`CREATE INDEX clinical_notes_patient_listed_idx ON clinical_notes (patient_id, listed_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE clinical_notes`);
  }
}
