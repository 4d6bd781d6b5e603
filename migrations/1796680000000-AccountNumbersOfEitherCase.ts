import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External visit account numbers take letters of either case (ADR 39):
 * other systems send theirs in lowercase too, and a number is kept as sent.
 * The new CHECK only widens the old one, so every row already passes it:
 * added NOT VALID (no scan under the ACCESS EXCLUSIVE lock) and validated
 * after, which scans under a lock that lets reads and writes go on.
 */
export class AccountNumbersOfEitherCase1796680000000 implements MigrationInterface {
  name = 'AccountNumbersOfEitherCase1796680000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE encounters
        DROP CONSTRAINT encounters_account_number_check,
        ADD CONSTRAINT encounters_account_number_check CHECK (account_number ~ '^[A-Za-z0-9][A-Za-z0-9/.-]{3,39}$') NOT VALID`);
    await db.query(`ALTER TABLE encounters VALIDATE CONSTRAINT encounters_account_number_check`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while a lowercase number is stored: those rows must be dealt with first, not silently rewritten.
    await db.query(`
      ALTER TABLE encounters
        DROP CONSTRAINT encounters_account_number_check,
        ADD CONSTRAINT encounters_account_number_check CHECK (account_number ~ '^[A-Z0-9][A-Z0-9/.-]{3,39}$')`);
  }
}
