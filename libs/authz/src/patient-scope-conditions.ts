import { grantsInForce, type ScopedSubject } from './ability.js';
import type { SqlFilter } from './ability-to-sql.js';
import { parsePermission } from './permission.js';
import type { EmergencyGrant, Principal } from './principal.js';

/**
 * What a reader's scopes on one resource let them see of patients' data, as
 * plain values another context applies to its own columns: the same value
 * filters a list in SQL and decides a single record in memory, so a list
 * never shows what a get would refuse.
 */
export interface PatientScopeConditions {
  /** An unscoped permission: every record. */
  readonly all: boolean;
  readonly hospitalIds: readonly string[];
  readonly departmentIds: readonly string[];
  /** `own`: records whose responsible users include these. */
  readonly userIds: readonly string[];
  /** Break-the-glass grants in force: they open every record of their patient, whatever the resource. */
  readonly emergencyGrants: readonly EmergencyGrant[];
  /**
   * Patients whose every record of this kind the reader's own scopes open: the patient-wide records
   * (allergies, the problem list) of a patient those scopes reach, wherever the records were filed.
   */
  readonly openPatientIds?: readonly string[];
}

/** The attributes a clinical record stores, when it is written, for its scopes to be tested on. */
export interface PatientScopedRecord {
  readonly patientId: string;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly responsibleUserIds: readonly string[];
}

/** The caller's column names (or SQL expressions) holding those attributes; responsible users is a `uuid[]`. */
export interface PatientScopeColumns {
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly responsibleUserIds: string;
}

/** Why a record was served: an unscoped, hospital or department scope; the reader among its responsible users; a grant. */
export type PatientAccessReason = 'scope' | 'care-link' | 'emergency-grant';

export interface PatientRecordDecision {
  readonly allowed: boolean;
  readonly reason: PatientAccessReason | null;
  /** Set only when the grant alone allowed the read. */
  readonly emergencyGrantId: string | null;
}

/**
 * The conditions of `resource:action` (or `resource:manage`) the principal
 * holds. A scope whose anchor the user lacks (no department for
 * `:department`) adds nothing, as in buildAbility.
 */
export function patientScopeConditions(
  principal: Principal,
  resource: string,
  action = 'read',
  now: Date = new Date(),
): PatientScopeConditions {
  let all = false;
  const hospitalIds = new Set<string>();
  const departmentIds = new Set<string>();
  const userIds = new Set<string>();
  for (const value of principal.permissions) {
    const permission = parsePermission(value);
    if (permission?.resource !== resource || (permission.action !== action && permission.action !== 'manage')) continue;
    if (permission.scope === 'all') all = true;
    else if (permission.scope === 'hospital' && principal.hospitalId) hospitalIds.add(principal.hospitalId);
    else if (permission.scope === 'department' && principal.departmentId) departmentIds.add(principal.departmentId);
    else if (permission.scope === 'own') userIds.add(principal.userId);
  }
  return {
    all,
    hospitalIds: [...hospitalIds],
    departmentIds: [...departmentIds],
    userIds: [...userIds],
    emergencyGrants: grantsInForce(principal, now),
  };
}

/**
 * Whether the reader's own scopes (not a grant) reach the patient itself, tested as patients:read
 * tests them on the patient's links: unscoped, one of its hospitals, one of its departments, or the
 * reader linked to it (`own`). What opens a patient's patient-wide records to the reader.
 */
export function conditionsOpenPatient(conditions: PatientScopeConditions, patient: ScopedSubject): boolean {
  return (
    conditions.all ||
    conditions.hospitalIds.some((id) => patient.hospitalIds.includes(id)) ||
    conditions.departmentIds.some((id) => patient.departmentIds.includes(id)) ||
    conditions.userIds.some((id) => patient.linkedUserIds.includes(id))
  );
}

/** True when the conditions can match no record at all: the list need not be queried. */
export function opensNothing(conditions: PatientScopeConditions): boolean {
  return (
    !conditions.all &&
    conditions.hospitalIds.length === 0 &&
    conditions.departmentIds.length === 0 &&
    conditions.userIds.length === 0 &&
    conditions.emergencyGrants.length === 0 &&
    (conditions.openPatientIds?.length ?? 0) === 0
  );
}

/**
 * The conditions as a parameterised WHERE fragment over the caller's
 * columns; `firstParam` is the number of its first `$n` placeholder.
 */
export function patientScopeSql(conditions: PatientScopeConditions, columns: PatientScopeColumns, firstParam = 1): SqlFilter {
  if (conditions.all) return { sql: 'TRUE', params: [] };
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const parts: string[] = [];
  if (conditions.hospitalIds.length > 0) parts.push(`${columns.hospitalId} = ANY(${bind(conditions.hospitalIds)}::uuid[])`);
  if (conditions.departmentIds.length > 0) {
    parts.push(`${columns.departmentId} = ANY(${bind(conditions.departmentIds)}::uuid[])`);
  }
  if (conditions.userIds.length > 0) parts.push(`${columns.responsibleUserIds} && ${bind(conditions.userIds)}::uuid[]`);
  if (conditions.openPatientIds && conditions.openPatientIds.length > 0) {
    parts.push(`${columns.patientId} = ANY(${bind(conditions.openPatientIds)}::uuid[])`);
  }
  if (conditions.emergencyGrants.length > 0) {
    const patientIds = [...new Set(conditions.emergencyGrants.map((g) => g.patientId))];
    parts.push(`${columns.patientId} = ANY(${bind(patientIds)}::uuid[])`);
  }
  return parts.length === 0 ? { sql: 'FALSE', params: [] } : { sql: `(${parts.join(' OR ')})`, params };
}

/**
 * The per-record half, exactly what patientScopeSql filters: the reader's own
 * scopes first, a grant named only when they would have refused the record.
 */
export function decidePatientRecord(conditions: PatientScopeConditions, record: PatientScopedRecord): PatientRecordDecision {
  if (conditions.all) return { allowed: true, reason: 'scope', emergencyGrantId: null };
  if (record.hospitalId !== null && conditions.hospitalIds.includes(record.hospitalId)) {
    return { allowed: true, reason: 'scope', emergencyGrantId: null };
  }
  if (record.departmentId !== null && conditions.departmentIds.includes(record.departmentId)) {
    return { allowed: true, reason: 'scope', emergencyGrantId: null };
  }
  if (record.responsibleUserIds.some((id) => conditions.userIds.includes(id))) {
    return { allowed: true, reason: 'care-link', emergencyGrantId: null };
  }
  if (conditions.openPatientIds?.includes(record.patientId)) return { allowed: true, reason: 'scope', emergencyGrantId: null };
  const grant = conditions.emergencyGrants.find((g) => g.patientId === record.patientId);
  if (grant) return { allowed: true, reason: 'emergency-grant', emergencyGrantId: grant.grantId };
  return { allowed: false, reason: null, emergencyGrantId: null };
}
