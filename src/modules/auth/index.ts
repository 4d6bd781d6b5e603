// The auth context's public contract: messages and types only. Other contexts import only from here.
export { CountUsersInHospitals } from './application/queries/count-users-in-hospitals.query.js';
export { GetPractitioner, type PractitionerView } from './application/queries/get-practitioner.query.js';
export {
  FindPractitioners,
  type PractitionerFilter,
  type PractitionerPage,
  type PractitionerSummary,
} from './application/queries/find-practitioners.query.js';
export { AUTH_PERMISSIONS } from './auth.permissions.js';
export type { AuthErrorCode } from './domain/auth-errors.js';
export { ADMIN_ROLE, BUILT_IN_ROLES } from './domain/built-in-roles.js';
export { EmergencyAccessGranted } from './domain/emergency-access-granted.event.js';
export * from './domain/role-events.js';
export * from './domain/session-events.js';
export * from './domain/user-events.js';
