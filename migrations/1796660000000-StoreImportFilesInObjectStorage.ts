import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hospital import's uploaded file moves to object storage (ADR 37): the
 * batch names it in `file_key`. Batches uploaded before keep their file in
 * hospital_import_file_parts (file_key null), which the worker still reads.
 */
export class StoreImportFilesInObjectStorage1796660000000 implements MigrationInterface {
  name = 'StoreImportFilesInObjectStorage1796660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE hospital_import_batches
         ADD COLUMN file_key text CHECK (file_key ~ '^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE hospital_import_batches DROP COLUMN file_key`);
  }
}
