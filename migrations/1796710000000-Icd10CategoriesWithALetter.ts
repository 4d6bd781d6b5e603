import type { MigrationInterface, QueryRunner } from 'typeorm';

const WIDER = `'^[A-Z][0-9][0-9A-Z](\\.[A-Z0-9]{1,4})?$'`;
const NARROWER = `'^[A-Z][0-9]{2}(\\.[A-Z0-9]{1,4})?$'`;
const CHECKED = [
  ['diagnosis_codes', 'diagnosis_codes_code_check'],
  ['conditions', 'conditions_code_check'],
] as const;

/**
 * ICD-10-CM categories may end in a letter (C4A Merkel cell carcinoma, D3A,
 * M1A, O9A, Z3A), which the first CHECK refused. The new CHECK only widens
 * the old one, so every row passes it: added NOT VALID (no scan under the
 * ACCESS EXCLUSIVE lock) and validated after, under a lock that lets reads
 * and writes go on.
 */
export class Icd10CategoriesWithALetter1796710000000 implements MigrationInterface {
  name = 'Icd10CategoriesWithALetter1796710000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, constraint] of CHECKED) {
      await db.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${constraint}, ADD CONSTRAINT ${constraint} CHECK (code ~ ${WIDER}) NOT VALID`,
      );
      await db.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while such a code is stored: those rows must be dealt with first, not silently rewritten.
    for (const [table, constraint] of CHECKED) {
      await db.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${constraint}, ADD CONSTRAINT ${constraint} CHECK (code ~ ${NARROWER})`,
      );
    }
  }
}
