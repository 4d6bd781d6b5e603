import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The class names events were stored under until now, and the namespaced
 * type each class declares from here on (ADR 13). Frozen: later events are
 * born namespaced and never join this list.
 */
export const LEGACY_EVENT_TYPES: readonly (readonly [legacy: string, namespaced: string])[] = [
  ['AccessDenied', 'authz.AccessDenied.v1'],
  ['AuditTrailQueried', 'audit.AuditTrailQueried.v1'],
  ['AccountLocked', 'auth.AccountLocked.v1'],
  ['EmergencyAccessGranted', 'auth.EmergencyAccessGranted.v1'],
  ['LoggedOut', 'auth.LoggedOut.v1'],
  ['LoginFailed', 'auth.LoginFailed.v1'],
  ['LoginSucceeded', 'auth.LoginSucceeded.v1'],
  ['PasswordChanged', 'auth.PasswordChanged.v1'],
  ['RefreshTokenReused', 'auth.RefreshTokenReused.v1'],
  ['RoleCreated', 'auth.RoleCreated.v1'],
  ['RoleDeleted', 'auth.RoleDeleted.v1'],
  ['RoleUpdated', 'auth.RoleUpdated.v1'],
  ['SessionRefreshed', 'auth.SessionRefreshed.v1'],
  ['SessionRevoked', 'auth.SessionRevoked.v1'],
  ['UserCreated', 'auth.UserCreated.v1'],
  ['UserDeactivated', 'auth.UserDeactivated.v1'],
  ['UserReactivated', 'auth.UserReactivated.v1'],
  ['UserRolesAssigned', 'auth.UserRolesAssigned.v1'],
  ['UserUnlocked', 'auth.UserUnlocked.v1'],
  ['UserUpdated', 'auth.UserUpdated.v1'],
  ['DepartmentCreated', 'hospitals.DepartmentCreated.v1'],
  ['DepartmentUpdated', 'hospitals.DepartmentUpdated.v1'],
  ['HospitalBatchActivated', 'hospitals.HospitalBatchActivated.v1'],
  ['HospitalBatchDeleted', 'hospitals.HospitalBatchDeleted.v1'],
  ['HospitalBatchProcessed', 'hospitals.HospitalBatchProcessed.v1'],
  ['HospitalBatchUploaded', 'hospitals.HospitalBatchUploaded.v1'],
  ['HospitalRegistered', 'hospitals.HospitalRegistered.v1'],
  ['HospitalUpdated', 'hospitals.HospitalUpdated.v1'],
  ['PatientCareLinked', 'patients.PatientCareLinked.v1'],
  ['PatientDeactivated', 'patients.PatientDeactivated.v1'],
  ['PatientMerged', 'patients.PatientMerged.v1'],
  ['PatientRecordAccessed', 'patients.PatientRecordAccessed.v1'],
  ['PatientRegistered', 'patients.PatientRegistered.v1'],
  ['PatientUpdated', 'patients.PatientUpdated.v1'],
  ['PiiRotationCompleted', 'patients.PiiRotationCompleted.v1'],
  ['PiiRotationFailed', 'patients.PiiRotationFailed.v1'],
  ['PiiRotationStarted', 'patients.PiiRotationStarted.v1'],
];

const MAPPING = `(VALUES ${LEGACY_EVENT_TYPES.map(([legacy, namespaced]) => `('${legacy}', '${namespaced}')`).join(', ')})`;

/**
 * What the audit writer derived from a class-name type until now (the
 * explicit table, then the past-tense ending, else execute), so rows still
 * in the outbox are filed exactly as they would have been.
 */
const LEGACY_ACTION = `CASE
  WHEN type = 'AccessDenied' THEN 'deny'
  WHEN type = 'AuditTrailQueried' THEN 'query'
  WHEN type = 'EmergencyAccessGranted' THEN 'emergency-access'
  WHEN type IN ('LoginSucceeded', 'LoginFailed', 'SessionRefreshed', 'RefreshTokenReused') THEN 'login'
  WHEN type IN ('LoggedOut', 'SessionRevoked') THEN 'logout'
  WHEN type ~ '(Created|Registered|Added|Admitted|Issued|Scheduled|Booked)$' THEN 'create'
  WHEN type ~ '(Deleted|Removed|Cancelled|Canceled|Discharged|Purged)$' THEN 'delete'
  WHEN type ~ '(Accessed|Viewed|Read|Opened|Printed|Exported|Disclosed)$' THEN 'read'
  WHEN type ~ '(Queried|Searched|Listed)$' THEN 'query'
  WHEN type ~ '(Updated|Changed|Assigned|Corrected|Amended|Locked|Unlocked|Deactivated|Reactivated|Revoked|Rescheduled|Moved|Merged)$' THEN 'update'
  ELSE 'execute' END`;
const LEGACY_OUTCOME = `CASE
  WHEN type = 'AccessDenied' THEN 'denied'
  WHEN type IN ('LoginFailed', 'RefreshTokenReused') THEN 'failure'
  ELSE 'success' END`;

/**
 * Event types become `<context>.<EventName>.v<version>` constants declared
 * by each class, and each class declares its audit action and outcome,
 * which the outbox now stores. Outbox rows are rewritten; the inbox holds
 * no types (event id + handler name). The audit store is not touched: it
 * is append-only and its hashes cover the type as stored, so its readers
 * map these legacy names at read time instead (ADR 13).
 *
 * Stop the previous version's workers before this runs: they would take
 * namespaced types for events no handler wants.
 */
export class NamespaceEventTypes1796590200460 implements MigrationInterface {
  name = 'NamespaceEventTypes1796590200460';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox ADD COLUMN audit_action text, ADD COLUMN audit_outcome text`);
    // One pass: the expressions read each row's type as it was before the update.
    await db.query(`
      UPDATE outbox o
         SET audit_action = ${LEGACY_ACTION},
             audit_outcome = ${LEGACY_OUTCOME},
             type = COALESCE((SELECT m.namespaced FROM ${MAPPING} AS m (legacy, namespaced) WHERE m.legacy = o.type), o.type)`);
    await db.query(`
      ALTER TABLE outbox
        ALTER COLUMN audit_action SET NOT NULL,
        ALTER COLUMN audit_outcome SET NOT NULL,
        ADD CONSTRAINT outbox_audit_outcome_check CHECK (audit_outcome IN ('success', 'denied', 'failure'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE outbox o SET type = m.legacy FROM ${MAPPING} AS m (legacy, namespaced) WHERE o.type = m.namespaced`);
    await db.query(`ALTER TABLE outbox DROP COLUMN audit_action, DROP COLUMN audit_outcome`);
  }
}
