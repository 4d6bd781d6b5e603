import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each intake record's outcome keeps the sender's own keys as sent (its MRN
 * and visit number, up to 64 characters), so a sender can find and fix a
 * refused record, and a batch's outcomes export by them.
 */
export class KeepIntakeRecordKeys1796700000000 implements MigrationInterface {
  name = 'KeepIntakeRecordKeys1796700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE intake_records
         ADD COLUMN mrn text CHECK (char_length(mrn) <= 64),
         ADD COLUMN visit_account_number text CHECK (char_length(visit_account_number) <= 64)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE intake_records DROP COLUMN mrn, DROP COLUMN visit_account_number`);
  }
}
