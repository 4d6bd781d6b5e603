import {
  AccessDenied,
  decidePatientRecord,
  type PatientScopeColumns,
  type PatientScopedRecord,
  patientScopeConditions,
  type Principal,
} from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { PatientDataKind } from '../../patients/index.js';
import type { ConditionRow } from '../infrastructure/condition-row.js';

/** Reads of diagnoses and problem-list entries: emr:read's scopes apply; access events name the kind. */
export const DIAGNOSES: PatientDataKind = { resource: 'emr', resourceType: 'emr.diagnoses' };
/** The problem list is the patient's, not a visit's: patient-wide, like allergies. */
export const PROBLEMS: PatientDataKind = { resource: 'emr', resourceType: 'emr.problems', patientWide: true };

/** The scope columns of `conditions c`. */
export const CONDITION_SCOPE_COLUMNS: PatientScopeColumns = {
  patientId: 'c.patient_id',
  hospitalId: 'c.hospital_id',
  departmentId: 'c.department_id',
  responsibleUserIds: 'c.responsible_user_ids',
};

export function scopedConditionOf(row: ConditionRow): PatientScopedRecord {
  return {
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    responsibleUserIds: row.responsible_user_ids,
  };
}

/**
 * Whether the writer's emr:write and emr:diagnose scopes both cover the
 * record; the permission that does not, when one falls short. Break-the-glass
 * grants open records for reading only.
 */
export function missingDiagnoseScope(
  principal: Principal,
  record: PatientScopedRecord,
  now = new Date(),
): 'emr:write' | 'emr:diagnose' | undefined {
  for (const action of ['write', 'diagnose'] as const) {
    const conditions = { ...patientScopeConditions(principal, 'emr', action, now), emergencyGrants: [] };
    if (!decidePatientRecord(conditions, record).allowed) return `emr:${action}`;
  }
  return undefined;
}

/** Whether the reader's emr:read (or a break-the-glass grant for the patient) covers the record. */
export function mayReadClinical(principal: Principal, record: PatientScopedRecord, now = new Date()): boolean {
  return decidePatientRecord(patientScopeConditions(principal, 'emr', 'read', now), record).allowed;
}

/** The audit record of a request refused as not found: the record exists, outside the caller's scope. */
export function refusedAs(actor: Actor, permission: string, resourceType: string, id: string): AccessDenied {
  return new AccessDenied({ userId: actor.id, reason: 'out-of-scope', permission, resourceType, resourceId: id });
}
