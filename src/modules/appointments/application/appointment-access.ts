import { AccessDenied, decidePatientRecord, patientScopeConditions, type Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';

/** What an appointment's scopes are tested on: its hospital, its department and (own) its practitioner. */
export interface AppointmentScope {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly practitionerId: string;
  readonly patientId: string | null;
}

/** Whether the principal's `appointments:<action>` scopes (never a break-the-glass grant) cover the appointment. */
export function mayActOn(principal: Principal, action: string, scope: AppointmentScope, resource = 'appointments'): boolean {
  const conditions = { ...patientScopeConditions(principal, resource, action), emergencyGrants: [] };
  return decidePatientRecord(conditions, {
    patientId: scope.patientId ?? '',
    hospitalId: scope.hospitalId,
    departmentId: scope.departmentId,
    responsibleUserIds: [scope.practitionerId],
  }).allowed;
}

/** A refusal answered 404, audited: the record exists, but not within the caller's permission. */
export function refusedAppointmentAccess(actor: Actor, permission: string, resourceType: string, id: string): AccessDenied {
  return new AccessDenied({ userId: actor.id, reason: 'out-of-scope', permission, resourceType, resourceId: id });
}
