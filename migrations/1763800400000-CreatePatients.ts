import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Permissions this migration adds (admin holds the whole catalogue). */
const NEW_ADMIN_PERMISSIONS = [
  'patients:read',
  'patients:read:own',
  'patients:read:department',
  'patients:read:hospital',
  'patients:read-sensitive',
  'patients:register',
  'patients:update',
  'patients:deactivate',
  'patients:merge',
];

/** The default matrix of the other built-in roles; a frozen copy of src/modules/auth/domain/built-in-roles.ts. */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  doctor: ['patients:read:department', 'patients:read-sensitive'],
  nurse: ['patients:read:department'],
  pharmacist: ['patients:read:hospital'],
  lab_technician: ['patients:read:hospital'],
  receptionist: [
    'patients:read:hospital',
    'patients:read-sensitive',
    'patients:register',
    'patients:update',
    'patients:deactivate',
  ],
  billing_clerk: ['patients:read:hospital', 'patients:read-sensitive'],
};

const ENCRYPTED = `CHECK (VALUE ~ '^v1\\.[A-Za-z0-9_-]{1,32}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$')`;
const BLIND_INDEX = `CHECK (VALUE ~ '^[0-9a-f]{32}$')`;

/**
 * The master patient index (ADR 9). Personal fields hold AES-256-GCM
 * ciphertexts bound to (table, column, row); search goes through HMAC blind
 * indexes. `pii_key_id` and `blind_index_key_id` name the keys a row was
 * written with, so a rotation finds what is left to rewrite. Care links are
 * the read model that the scopes of `patients:read` are checked against.
 */
export class CreatePatients1763800400000 implements MigrationInterface {
  name = 'CreatePatients1763800400000';

  async up(db: QueryRunner): Promise<void> {
    // Domains make a plaintext value in an encrypted column impossible, whatever code writes it.
    await db.query(`CREATE DOMAIN encrypted_text AS text ${ENCRYPTED}`);
    await db.query(`CREATE DOMAIN blind_index AS text ${BLIND_INDEX}`);
    await db.query(`CREATE SEQUENCE patient_mrn_seq AS bigint START 1`);

    await db.query(`
      CREATE TABLE patients (
        id                      uuid PRIMARY KEY,
        mrn                     text        NOT NULL CHECK (mrn ~ '^[A-Z]{0,6}[0-9]{4,20}$'),
        sex                     text        NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        status                  text        NOT NULL DEFAULT 'active'
                                            CHECK (status IN ('active', 'inactive', 'deceased', 'merged')),
        merged_into_id          uuid        REFERENCES patients (id),
        registering_hospital_id uuid        NOT NULL,
        first_name              encrypted_text NOT NULL,
        middle_name             encrypted_text,
        last_name               encrypted_text NOT NULL,
        date_of_birth           encrypted_text NOT NULL,
        phone                   encrypted_text,
        email                   encrypted_text,
        address                 encrypted_text,
        national_id             encrypted_text,
        emergency_contact       encrypted_text,
        preferred_language      encrypted_text,
        pii_key_id              text        NOT NULL,
        last_name_bidx          blind_index NOT NULL,
        first_last_name_bidx    blind_index NOT NULL,
        date_of_birth_bidx      blind_index NOT NULL,
        last_name_dob_bidx      blind_index NOT NULL,
        phone_bidx              blind_index,
        email_bidx              blind_index,
        national_id_bidx        blind_index,
        blind_index_key_id      text        NOT NULL,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        version                 integer     NOT NULL DEFAULT 1 CHECK (version > 0),
        CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
        CHECK (merged_into_id <> id)
      )`);
    await db.query(`CREATE UNIQUE INDEX patients_mrn_key ON patients (mrn)`);
    await db.query(`CREATE INDEX patients_last_name_bidx ON patients (last_name_bidx)`);
    // Serves firstName + lastName searches and the duplicate check on name + birth date.
    await db.query(`CREATE INDEX patients_first_last_name_bidx ON patients (first_last_name_bidx, date_of_birth_bidx)`);
    await db.query(`CREATE INDEX patients_date_of_birth_bidx ON patients (date_of_birth_bidx)`);
    await db.query(`CREATE INDEX patients_last_name_dob_bidx ON patients (last_name_dob_bidx)`);
    await db.query(`CREATE INDEX patients_phone_bidx ON patients (phone_bidx) WHERE phone_bidx IS NOT NULL`);
    await db.query(`CREATE INDEX patients_email_bidx ON patients (email_bidx) WHERE email_bidx IS NOT NULL`);
    await db.query(`CREATE INDEX patients_national_id_bidx ON patients (national_id_bidx) WHERE national_id_bidx IS NOT NULL`);
    await db.query(`CREATE INDEX patients_registering_hospital_idx ON patients (registering_hospital_id, created_at, id)`);
    await db.query(`CREATE INDEX patients_created_idx ON patients (created_at, id)`);
    await db.query(`CREATE INDEX patients_merged_into_idx ON patients (merged_into_id) WHERE merged_into_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE patient_care_links (
        patient_id uuid        NOT NULL REFERENCES patients (id),
        kind       text        NOT NULL CHECK (kind IN ('user', 'department', 'hospital')),
        ref_id     uuid        NOT NULL,
        source     text        NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (patient_id, kind, ref_id)
      )`);
    // Scope filters of lists: the patients linked to a user, a department or a hospital.
    await db.query(`CREATE INDEX patient_care_links_ref_idx ON patient_care_links (kind, ref_id, patient_id)`);

    await db.query(`
      CREATE TABLE pii_rotations (
        id              uuid PRIMARY KEY,
        kind            text        NOT NULL CHECK (kind IN ('encryption', 'blind-index')),
        target_key_id   text        NOT NULL,
        status          text        NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
        rows_rewritten  bigint      NOT NULL DEFAULT 0 CHECK (rows_rewritten >= 0),
        last_patient_id uuid,
        error           text,
        requested_by    text        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        CHECK ((status = 'RUNNING') = (finished_at IS NULL))
      )`);
    // One rotation of each kind at a time.
    await db.query(`CREATE UNIQUE INDEX pii_rotations_running_key ON pii_rotations (kind) WHERE status = 'RUNNING'`);

    await db.query(
      `UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || $1::text[]) ORDER BY 1), updated_at = now()
        WHERE name = 'admin' AND built_in`,
      [NEW_ADMIN_PERMISSIONS],
    );
    for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) {
      await db.query(
        `UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || $2::text[]) ORDER BY 1), updated_at = now()
          WHERE name = $1 AND built_in`,
        [role, permissions],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE roles SET permissions = ARRAY(SELECT p FROM unnest(permissions) p
                                            WHERE p NOT LIKE 'patients:%' OR p = 'patients:emergency-access')`,
    );
    await db.query(`DROP TABLE pii_rotations`);
    await db.query(`DROP TABLE patient_care_links`);
    await db.query(`DROP TABLE patients`);
    await db.query(`DROP SEQUENCE patient_mrn_seq`);
    await db.query(`DROP DOMAIN blind_index`);
    await db.query(`DROP DOMAIN encrypted_text`);
  }
}
