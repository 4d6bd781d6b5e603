import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake pipeline (issue 18): a batch per feed received, its file kept
 * in object storage (file_key), and one row per record processed with its
 * outcome. Records are numbered from 1 in the order the file holds them;
 * records_done is the last one whose outcome committed, so a re-run
 * (a killed worker, a retried job) resumes after it and applies nothing
 * twice. Hospitals and departments belong to another context: referred to
 * by id, without a foreign key (ADR 14).
 */
export class CreateIntake1796690000000 implements MigrationInterface {
  name = 'CreateIntake1796690000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE intake_batches (
        id                 uuid PRIMARY KEY,
        hospital_id        uuid        NOT NULL,
        department_id      uuid        NOT NULL,
        source             text        NOT NULL CHECK (source IN ('json', 'csv')),
        status             text        NOT NULL DEFAULT 'received'
                                       CHECK (status IN ('received', 'processing', 'completed', 'completed-with-errors', 'failed')),
        file_key           text        NOT NULL UNIQUE
                                       CHECK (file_key ~ '^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$'),
        file_name          text        NOT NULL,
        file_sha256        text        NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file_bytes         bigint      NOT NULL CHECK (file_bytes > 0),
        records_received   integer     NOT NULL CHECK (records_received > 0),
        records_done       integer     NOT NULL DEFAULT 0,
        patients_created   integer     NOT NULL DEFAULT 0 CHECK (patients_created >= 0),
        patients_updated   integer     NOT NULL DEFAULT 0 CHECK (patients_updated >= 0),
        patients_unchanged integer     NOT NULL DEFAULT 0 CHECK (patients_unchanged >= 0),
        visits_added       integer     NOT NULL DEFAULT 0 CHECK (visits_added >= 0),
        duplicates_skipped integer     NOT NULL DEFAULT 0 CHECK (duplicates_skipped >= 0),
        errors             integer     NOT NULL DEFAULT 0 CHECK (errors >= 0),
        idempotency_key    text        CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        submitted_by       text        NOT NULL,
        received_at        timestamptz NOT NULL DEFAULT now(),
        started_at         timestamptz,
        finished_at        timestamptz,
        failure            text,
        CHECK (records_done BETWEEN 0 AND records_received),
        CHECK (errors + duplicates_skipped + visits_added = records_done),
        CHECK ((status IN ('received', 'processing')) = (finished_at IS NULL))
      )`);
    // An Idempotency-Key belongs to its sender: two users may pick the same key.
    await db.query(
      `CREATE UNIQUE INDEX intake_batches_idempotency_key ON intake_batches (submitted_by, idempotency_key)
        WHERE idempotency_key IS NOT NULL`,
    );
    await db.query(`CREATE INDEX intake_batches_hospital_received ON intake_batches (hospital_id, received_at DESC, id DESC)`);
    await db.query(`CREATE INDEX intake_batches_received ON intake_batches (received_at DESC, id DESC)`);
    await db.query(`CREATE INDEX intake_batches_unfinished ON intake_batches (received_at) WHERE finished_at IS NULL`);

    await db.query(`
      CREATE TABLE intake_records (
        batch_id        uuid    NOT NULL REFERENCES intake_batches (id) ON DELETE CASCADE,
        position        integer NOT NULL CHECK (position > 0),
        patient_outcome text    CHECK (patient_outcome IN ('created', 'updated', 'unchanged')),
        visit_outcome   text    CHECK (visit_outcome IN ('added', 'duplicate')),
        patient_id      uuid,
        encounter_id    uuid,
        errors          jsonb   CHECK (jsonb_typeof(errors) = 'array'),
        PRIMARY KEY (batch_id, position),
        -- A record is applied (patient and visit) or refused with its errors, never half of it.
        CHECK ((errors IS NULL) = (patient_outcome IS NOT NULL AND visit_outcome IS NOT NULL
                                   AND patient_id IS NOT NULL AND encounter_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX intake_records_refused ON intake_records (batch_id, position) WHERE errors IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE intake_records`);
    await db.query(`DROP TABLE intake_batches`);
  }
}
