import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The part size the application writes (256 KB); earlier files are cut the same way. */
const PART_BYTES = 256 * 1024;

/**
 * Import files move from one bytea value in the batch row to parts of
 * 256 KB in hospital_import_file_parts (ADR 8): the API stores an upload
 * part by part as it reads it from its temporary file, and the worker reads
 * it back part by part, so neither ever holds a whole file, nor does
 * PostgreSQL assemble one. Parts go with their batch (ON DELETE CASCADE).
 */
export class StoreImportFilesInParts1796598508179 implements MigrationInterface {
  name = 'StoreImportFilesInParts1796598508179';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hospital_import_file_parts (
        batch_id uuid    NOT NULL REFERENCES hospital_import_batches (id) ON DELETE CASCADE,
        part     integer NOT NULL CHECK (part >= 0),
        bytes    bytea   NOT NULL CHECK (length(bytes) BETWEEN 1 AND ${PART_BYTES}),
        PRIMARY KEY (batch_id, part)
      )`);
    await db.query(
      `INSERT INTO hospital_import_file_parts (batch_id, part, bytes)
       SELECT b.id, p.part, substring(b.file FROM p.part * ${PART_BYTES} + 1 FOR ${PART_BYTES})
         FROM hospital_import_batches b, generate_series(0, (length(b.file) - 1) / ${PART_BYTES}) AS p(part)
        WHERE length(b.file) > 0`,
    );
    await db.query(`ALTER TABLE hospital_import_batches DROP COLUMN file`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE hospital_import_batches ADD COLUMN file bytea`);
    await db.query(`ALTER TABLE hospital_import_batches ALTER COLUMN file SET STORAGE EXTERNAL`);
    await db.query(
      `UPDATE hospital_import_batches b
          SET file = (SELECT string_agg(p.bytes, ''::bytea ORDER BY p.part) FROM hospital_import_file_parts p WHERE p.batch_id = b.id)`,
    );
    await db.query(`UPDATE hospital_import_batches SET file = ''::bytea WHERE file IS NULL`);
    await db.query(`ALTER TABLE hospital_import_batches ALTER COLUMN file SET NOT NULL`);
    await db.query(`DROP TABLE hospital_import_file_parts`);
  }
}
