import {
  decidePatientRecord,
  holds,
  type PatientScopeColumns,
  patientScopeConditions,
  type PatientScopedRecord,
  type Principal,
} from '@hms/authz';
import type { PatientDataKind } from '../../patients/index.js';

/** Reads of encounters: encounters:read's scopes apply; access events name them `emr.encounters`. */
export const ENCOUNTERS: PatientDataKind = { resource: 'encounters', resourceType: 'emr.encounters' };

/** The scope columns of `encounters e`. */
export const ENCOUNTER_SCOPE_COLUMNS: PatientScopeColumns = {
  patientId: 'e.patient_id',
  hospitalId: 'e.hospital_id',
  departmentId: 'e.department_id',
  responsibleUserIds: 'e.responsible_user_ids',
};

/**
 * Whether the reader sees an encounter's clinical content: emr:read held and
 * covering this encounter (a break-the-glass grant for its patient counts,
 * as for every read). Without it the encounter shows its administrative part.
 */
export function showsClinicalContent(principal: Principal, record: PatientScopedRecord, now = new Date()): boolean {
  if (!holds(principal.permissions, 'emr:read')) return false;
  return decidePatientRecord(patientScopeConditions(principal, 'emr', 'read', now), record).allowed;
}

/**
 * Whether the writer's emr:write scopes cover the encounter. A break-the-glass
 * grant opens records for reading only, as in the patients context.
 */
export function mayWrite(principal: Principal, record: PatientScopedRecord, now = new Date()): boolean {
  const conditions = { ...patientScopeConditions(principal, 'emr', 'write', now), emergencyGrants: [] };
  return decidePatientRecord(conditions, record).allowed;
}
