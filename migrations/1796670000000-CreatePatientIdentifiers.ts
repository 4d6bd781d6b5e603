import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External identifiers of patients (ADR 38): the MRNs other systems send,
 * each assigned by the hospital that received it. One (assigner, value)
 * names one patient: the primary key is what de-duplicates feeds. The
 * assigner is a hospital of the hospitals context, referred to by id
 * without a foreign key, as patients.registering_hospital_id is (ADR 14,
 * ADR 15: registration holds the hospital row instead, and a batch deletion
 * counts the identifiers among its hospital's references). Merges move a
 * duplicate's identifiers to the surviving record.
 */
export class CreatePatientIdentifiers1796670000000 implements MigrationInterface {
  name = 'CreatePatientIdentifiers1796670000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE patient_identifiers (
        assigner_hospital_id uuid        NOT NULL,
        value                text        NOT NULL,
        patient_id           uuid        NOT NULL REFERENCES patients (id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (assigner_hospital_id, value),
        -- A sending system's MRN: 1 to 40 letters, digits and hyphens, not hyphens only.
        CONSTRAINT patient_identifiers_value_format CHECK (value ~ '^[A-Za-z0-9-]{1,40}$' AND value ~ '[A-Za-z0-9]')
      )`);
    // A patient's identifiers (every read of a patient lists them; merges move them).
    await db.query(`CREATE INDEX patient_identifiers_patient_idx ON patient_identifiers (patient_id)`);
    // GET /patients?mrn= looks a value up under every assigner.
    await db.query(`CREATE INDEX patient_identifiers_value_idx ON patient_identifiers (value)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE patient_identifiers`);
  }
}
