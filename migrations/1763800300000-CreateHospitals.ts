import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Permissions this migration adds: admin holds the whole catalogue, every other built-in role may read hospitals. */
const NEW_ADMIN_PERMISSIONS = ['hospitals:read', 'hospitals:manage', 'hospitals:import'];
const READERS = ['doctor', 'nurse', 'pharmacist', 'lab_technician', 'receptionist', 'billing_clerk', 'auditor'];

/**
 * The hospital registry, departments, and CSV import batches (ADR 8).
 * Imported rows are keyed by (batch_id, batch_row), so a retried or resumed
 * import inserts each row once (INSERT ... ON CONFLICT DO NOTHING).
 */
export class CreateHospitals1763800300000 implements MigrationInterface {
  name = 'CreateHospitals1763800300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hospital_import_batches (
        id              uuid PRIMARY KEY,
        status          text        NOT NULL DEFAULT 'IN_PROGRESS'
                                    CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')),
        total_rows      integer     NOT NULL CHECK (total_rows > 0),
        processed_rows  integer     NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
        failed_rows     integer     NOT NULL DEFAULT 0 CHECK (failed_rows >= 0),
        last_row_done   integer     NOT NULL DEFAULT 0 CHECK (last_row_done >= 0),
        errors          jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
        file            bytea       NOT NULL,
        file_sha256     bytea       NOT NULL CHECK (length(file_sha256) = 32),
        idempotency_key text        CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        created_by      text        NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        started_at      timestamptz,
        finished_at     timestamptz,
        activated_at    timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        version         integer     NOT NULL DEFAULT 1,
        CHECK (processed_rows + failed_rows <= total_rows),
        CHECK ((status = 'IN_PROGRESS') = (finished_at IS NULL))
      )`);
    // Stored uncompressed, so the worker reads the file in slices (substring) without detoasting all of it each time.
    await db.query(`ALTER TABLE hospital_import_batches ALTER COLUMN file SET STORAGE EXTERNAL`);
    // An Idempotency-Key belongs to the uploader: two users may pick the same key.
    await db.query(
      `CREATE UNIQUE INDEX hospital_import_batches_idempotency_key ON hospital_import_batches (created_by, idempotency_key)
        WHERE idempotency_key IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE hospitals (
        id         uuid PRIMARY KEY,
        name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        address    text        NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
        phone      text        CHECK (length(phone) BETWEEN 7 AND 40),
        is_active  boolean     NOT NULL DEFAULT false,
        time_zone  text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        batch_id   uuid        REFERENCES hospital_import_batches (id),
        batch_row  integer     CHECK (batch_row > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version    integer     NOT NULL DEFAULT 1,
        CHECK ((batch_id IS NULL) = (batch_row IS NULL)),
        CONSTRAINT hospitals_batch_row_key UNIQUE (batch_id, batch_row)
      )`);
    await db.query(`CREATE INDEX hospitals_name_idx ON hospitals (lower(name), id)`);

    await db.query(`
      CREATE TABLE departments (
        id          uuid PRIMARY KEY,
        hospital_id uuid        NOT NULL REFERENCES hospitals (id),
        name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        code        text        NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$'),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer     NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX departments_hospital_code_key ON departments (hospital_id, lower(code))`);

    await db.query(
      `UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || $1::text[]) ORDER BY 1), updated_at = now()
        WHERE name = 'admin' AND built_in`,
      [NEW_ADMIN_PERMISSIONS],
    );
    await db.query(
      `UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || '{hospitals:read}'::text[]) ORDER BY 1),
              updated_at = now()
        WHERE name = ANY($1::text[]) AND built_in`,
      [READERS],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE roles SET permissions = ARRAY(SELECT p FROM unnest(permissions) p WHERE p NOT LIKE 'hospitals:%')`);
    await db.query(`DROP TABLE departments`);
    await db.query(`DROP TABLE hospitals`);
    await db.query(`DROP TABLE hospital_import_batches`);
  }
}
