/**
 * The class names entries were stored under before event types were
 * namespaced (ADR 13), and the type each stands for now. The audit store is
 * append-only and its hashes cover the stored type, so those entries keep
 * their name and are read through this table. Frozen, like the entries:
 * events born namespaced never join it.
 */
export const LEGACY_EVENT_TYPES: ReadonlyMap<string, string> = new Map([
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
]);

const LEGACY_BY_TYPE: ReadonlyMap<string, string> = new Map([...LEGACY_EVENT_TYPES].map(([legacy, type]) => [type, legacy]));

/** The type an entry is shown and interpreted under: a legacy name's namespaced type, else the type as stored. */
export function namespacedEventType(storedType: string): string {
  return LEGACY_EVENT_TYPES.get(storedType) ?? storedType;
}

/** What a type filter matches in the store: the type (a legacy name counts as its namespaced type) and its legacy name. */
export function storedEventTypes(type: string): string[] {
  const namespaced = namespacedEventType(type);
  const legacy = LEGACY_BY_TYPE.get(namespaced);
  return legacy ? [namespaced, legacy] : [namespaced];
}
