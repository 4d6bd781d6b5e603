import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Minimum necessary (ADR 25): the admin role stops opening patients' records, and a built-in
 * records_officer role takes over the work only admin could do (merging duplicates). The
 * permissions themselves move through the role-matrix reconcile that runs after the migrations,
 * so each change is a RoleUpdated event in the audit trail.
 */
export class RecordsOfficerRoleAndAdminWithoutPatientData1796597923469 implements MigrationInterface {
  name = 'RecordsOfficerRoleAndAdminWithoutPatientData1796597923469';

  async up(db: QueryRunner): Promise<void> {
    // A custom role of that name would silently become built-in and gain its defaults: stop instead.
    const taken = (await db.query(`SELECT 1 FROM roles WHERE name = 'records_officer'`)) as unknown[];
    if (taken.length > 0) throw new Error('a role named records_officer exists: rename it, then migrate again');
    await db.query(
      `INSERT INTO roles (id, name, description, built_in, permissions)
       VALUES (gen_random_uuid(), 'records_officer', 'Health information management: registers, corrects and merges patient records', true, '{}')`,
    );
    await db.query(
      `UPDATE roles SET description = 'System administrator: accounts, roles, hospitals and imports; opens no patient record'
        WHERE name = 'admin' AND built_in`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE roles SET description = 'System administrator: every permission' WHERE name = 'admin' AND built_in`);
    await db.query(`DELETE FROM roles WHERE name = 'records_officer' AND built_in`);
  }
}
