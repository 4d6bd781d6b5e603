import { AccessDenied, type PatientScopeColumns } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { PatientDataKind } from '../../patients/index.js';

/** Reads of vital signs: emr:read's scopes apply; access events name them `emr.vitals`. */
export const VITALS: PatientDataKind = { resource: 'emr', resourceType: 'emr.vitals' };
/**
 * Reads of allergies and intolerances: emr:read's scopes, patient-wide (a reader whose scopes reach the
 * patient reads them all, whoever filed them); access events name them `emr.allergies`.
 */
export const ALLERGIES: PatientDataKind = { resource: 'emr', resourceType: 'emr.allergies', patientWide: true };

/** The scope columns of a clinical record table aliased `alias`. */
export function scopeColumnsOf(alias: string): PatientScopeColumns {
  return {
    patientId: `${alias}.patient_id`,
    hospitalId: `${alias}.hospital_id`,
    departmentId: `${alias}.department_id`,
    responsibleUserIds: `${alias}.responsible_user_ids`,
  };
}

/** The scope attributes of a clinical record row. */
export function scopeOfRow(row: {
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
}) {
  return {
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    responsibleUserIds: row.responsible_user_ids,
  };
}

/** A write refused as not found: the record exists, but not within the writer's emr:write. */
export function refusedRecordWrite(actor: Actor, resourceType: string, id: string): AccessDenied {
  return new AccessDenied({ userId: actor.id, reason: 'out-of-scope', permission: 'emr:write', resourceType, resourceId: id });
}

/** A list of a patient's records refused: the patient is outside the reader's reach and nothing of the kind is in scope. */
export function refusedPatientList(actor: Actor, patientId: string): AccessDenied {
  return new AccessDenied({
    userId: actor.id,
    reason: 'out-of-scope',
    permission: 'emr:read',
    resourceType: 'Patient',
    resourceId: patientId,
  });
}
