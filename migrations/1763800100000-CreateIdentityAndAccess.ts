import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen copy of the default role matrix of 2026-11 (src/modules/auth/domain/built-in-roles.ts). */
const BUILT_IN_ROLES: [string, string, string[]][] = [
  [
    'admin',
    'System administrator: every permission',
    ['users:read:hospital', 'users:read', 'users:manage', 'roles:manage', 'patients:emergency-access', 'audit:read'],
  ],
  ['doctor', 'Physician', ['patients:emergency-access']],
  ['nurse', 'Nurse', ['patients:emergency-access']],
  ['pharmacist', 'Pharmacist', []],
  ['lab_technician', 'Laboratory technician', []],
  ['receptionist', 'Front desk and registration', []],
  ['billing_clerk', 'Billing and claims', []],
  ['auditor', 'Compliance auditor: reads the audit trail', ['audit:read', 'users:read']],
];

export class CreateIdentityAndAccess1763800100000 implements MigrationInterface {
  name = 'CreateIdentityAndAccess1763800100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE roles (
        id          uuid PRIMARY KEY,
        name        text        NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]{1,49}$'),
        description text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        built_in    boolean     NOT NULL DEFAULT false,
        permissions text[]      NOT NULL DEFAULT '{}',
        version     integer     NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE users (
        id                    uuid PRIMARY KEY,
        email                 text        NOT NULL CHECK (length(email) <= 254),
        display_name          text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        status                text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'deactivated')),
        locked_until          timestamptz,
        hospital_id           uuid,
        department_id         uuid,
        profession            text CHECK (length(profession) <= 100),
        specialty             text CHECK (length(specialty) <= 100),
        licence_number        text CHECK (length(licence_number) <= 50),
        password_hash         text        NOT NULL,
        password_changed_at   timestamptz NOT NULL DEFAULT now(),
        failed_login_count    integer     NOT NULL DEFAULT 0,
        first_failed_login_at timestamptz,
        last_login_at         timestamptz,
        version               integer     NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    // Emails are unique whatever their case.
    await db.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await db.query(`CREATE INDEX users_hospital_idx ON users (hospital_id)`);
    await db.query(`
      CREATE TABLE user_roles (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role_id uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
        PRIMARY KEY (user_id, role_id)
      )`);
    await db.query(`CREATE INDEX user_roles_role_idx ON user_roles (role_id)`);
    await db.query(`
      CREATE TABLE sessions (
        id                uuid PRIMARY KEY,
        user_id           uuid        NOT NULL REFERENCES users (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        expires_at        timestamptz NOT NULL,
        last_refreshed_at timestamptz NOT NULL DEFAULT now(),
        revoked_at        timestamptz,
        revoked_reason    text,
        ip                text,
        user_agent        text CHECK (length(user_agent) <= 500)
      )`);
    await db.query(`CREATE INDEX sessions_user_open_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await db.query(`
      CREATE TABLE refresh_tokens (
        token_hash bytea PRIMARY KEY,
        session_id uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at    timestamptz
      )`);
    await db.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);
    await db.query(`
      CREATE TABLE emergency_access_grants (
        id         uuid PRIMARY KEY,
        user_id    uuid        NOT NULL REFERENCES users (id),
        patient_id uuid        NOT NULL,
        reason     text        NOT NULL CHECK (length(reason) BETWEEN 10 AND 500),
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL CHECK (expires_at > granted_at)
      )`);
    await db.query(`CREATE INDEX emergency_grants_user_idx ON emergency_access_grants (user_id, expires_at)`);
    await db.query(`CREATE INDEX emergency_grants_patient_idx ON emergency_access_grants (patient_id, granted_at)`);

    for (const [name, description, permissions] of BUILT_IN_ROLES) {
      await db.query(
        `INSERT INTO roles (id, name, description, built_in, permissions) VALUES (gen_random_uuid(), $1, $2, true, $3)`,
        [name, description, permissions],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['emergency_access_grants', 'refresh_tokens', 'sessions', 'user_roles', 'users', 'roles']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
