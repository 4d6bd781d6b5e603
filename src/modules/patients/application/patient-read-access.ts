import { subject } from '@casl/ability';
import { AccessDenied, type AppAbility, buildAbility, parsePermission, type Principal, type ScopedSubject } from '@hms/authz';
import type { ScopedPatientRow } from '../infrastructure/patient-row.js';

/** Whether a caller may read a patient, and the break-the-glass grant that alone allowed it, if any. */
export interface ReadDecision {
  readonly allowed: boolean;
  readonly emergencyGrantId: string | null;
}

/** What the scopes are checked against: linked users and departments, and the registering and linked hospitals. */
export function scopedSubjectOf(row: ScopedPatientRow): ScopedSubject {
  return {
    id: row.id,
    linkedUserIds: row.user_ids ?? [],
    departmentIds: row.department_ids ?? [],
    hospitalIds: [row.registering_hospital_id, ...(row.hospital_ids ?? [])],
  };
}

const grantFor = (principal: Principal, patientId: string, now: Date) =>
  principal.emergencyGrants.find((g) => g.patientId === patientId && g.expiresAt > now);

const asPatient = (target: ScopedSubject) => subject('patients', { ...target });

/**
 * The per-record half of authorization: the same ability that filters
 * lists in SQL decides here. A grant is named only when the caller's own
 * scopes would have refused the record.
 */
export function readDecision(ability: AppAbility, principal: Principal, target: ScopedSubject, now = new Date()): ReadDecision {
  if (!ability.can('read', asPatient(target))) return { allowed: false, emergencyGrantId: null };
  const grant = grantFor(principal, target.id, now);
  if (!grant) return { allowed: true, emergencyGrantId: null };
  // Rare (the caller holds a grant for this very patient): rebuild the ability without grants to see whether it mattered.
  const ordinary = buildAbility({ ...principal, emergencyGrants: [] }, now);
  return { allowed: true, emergencyGrantId: ordinary.can('read', asPatient(target)) ? null : grant.grantId };
}

/** Whether a break-the-glass grant in force names this patient (the event must then say whether it alone opened it). */
export function holdsGrantFor(principal: Principal, patientId: string, now = new Date()): boolean {
  return grantFor(principal, patientId, now) !== undefined;
}

/**
 * Changing a patient needs the record within the caller's own scope: a
 * break-the-glass grant opens a record for reading only.
 */
export function mayChange(decision: ReadDecision): boolean {
  return decision.allowed && decision.emergencyGrantId === null;
}

/** True when the caller may read every patient (patients:read or patients:manage without scope). */
export function readsAllPatients(principal: Principal): boolean {
  return principal.permissions.some((value) => {
    const permission = parsePermission(value);
    return (
      permission?.resource === 'patients' &&
      (permission.action === 'read' || permission.action === 'manage') &&
      permission.scope === 'all'
    );
  });
}

/** The audit record of a refusal answered 404: the record exists, but not for this caller. */
export function outOfScope(userId: string, patientId: string, permission: string): AccessDenied {
  return new AccessDenied({ userId, reason: 'out-of-scope', permission, resourceType: 'Patient', resourceId: patientId });
}
