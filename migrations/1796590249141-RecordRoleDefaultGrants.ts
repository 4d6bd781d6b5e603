import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The default grants the migrations before this one gave the built-in roles (a frozen copy): recorded
 * as applied, so the role-matrix reconcile (ADR 14) never gives back one an administrator removed since.
 */
const APPLIED_DEFAULTS: Record<string, string[]> = {
  admin: [
    'users:read:hospital',
    'users:read',
    'users:manage',
    'roles:manage',
    'patients:emergency-access',
    'audit:read',
    'hospitals:read',
    'hospitals:manage',
    'hospitals:import',
    'patients:read',
    'patients:read:own',
    'patients:read:department',
    'patients:read:hospital',
    'patients:read-sensitive',
    'patients:register',
    'patients:update',
    'patients:deactivate',
    'patients:merge',
  ],
  doctor: ['patients:emergency-access', 'hospitals:read', 'patients:read:department', 'patients:read-sensitive'],
  nurse: ['patients:emergency-access', 'hospitals:read', 'patients:read:department'],
  pharmacist: ['hospitals:read', 'patients:read:hospital'],
  lab_technician: ['hospitals:read', 'patients:read:hospital'],
  receptionist: [
    'hospitals:read',
    'patients:read:hospital',
    'patients:read-sensitive',
    'patients:register',
    'patients:update',
    'patients:deactivate',
  ],
  billing_clerk: ['hospitals:read', 'patients:read:hospital', 'patients:read-sensitive'],
  auditor: ['audit:read', 'users:read', 'hospitals:read'],
};

/**
 * Which default grants each built-in role has been given, so the reconcile at start-up adds only
 * defaults that are new in the descriptors; a row outlives the grant it records.
 */
export class RecordRoleDefaultGrants1796590249141 implements MigrationInterface {
  name = 'RecordRoleDefaultGrants1796590249141';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE role_default_grants (
        role_id    uuid        NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        permission text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (role_id, permission)
      )`);
    for (const [role, permissions] of Object.entries(APPLIED_DEFAULTS)) {
      await db.query(
        `INSERT INTO role_default_grants (role_id, permission)
         SELECT r.id, p FROM roles r CROSS JOIN unnest($2::text[]) p WHERE r.name = $1 AND r.built_in`,
        [role, permissions],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE role_default_grants`);
  }
}
