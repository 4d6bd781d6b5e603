import type { FieldSql } from '@hms/authz';
import type { CareLink } from '../domain/care-link.js';
import type { ExternalIdentifier } from '../domain/external-identifier.js';
import { PERSONAL_FIELDS, type PersonalField } from '../domain/patient-personal-data.js';
import type { PatientSex } from '../domain/patient-sex.js';
import type { PatientState } from '../domain/patient-state.js';
import type { PatientStatus } from '../domain/patient-status.js';
import { type BlindIndexes, ENCRYPTED_COLUMNS, type EncryptedColumns } from './patient-encryption.js';

/** A row of `patients` as the driver returns it. */
export interface PatientRow extends EncryptedColumns, BlindIndexes {
  readonly id: string;
  readonly mrn: string;
  readonly sex: PatientSex;
  readonly status: PatientStatus;
  readonly merged_into_id: string | null;
  readonly registering_hospital_id: string;
  readonly pii_key_id: string;
  readonly blind_index_key_id: string;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly version: number;
  /** From EXTERNAL_IDENTIFIERS_OF (every statement answering patient rows selects it): oldest first. */
  readonly external_identifiers: ExternalIdentifier[];
}

/** A row with its care links, aggregated per kind in the same query. */
export interface PatientRowWithLinks extends PatientRow {
  readonly user_ids: string[] | null;
  readonly department_ids: string[] | null;
  readonly hospital_ids: string[] | null;
}

/** What scopes are decided on: the registering hospital and the care links. */
export type ScopedPatientRow = Pick<
  PatientRowWithLinks,
  'id' | 'registering_hospital_id' | 'user_ids' | 'department_ids' | 'hospital_ids'
>;

/** A possible duplicate as the registration's check loads it: clear columns and links, no ciphertext. */
export type DuplicateMatchRow = ScopedPatientRow & Pick<PatientRow, 'mrn' | 'status' | 'external_identifiers'>;

/**
 * The external identifiers of the patient row `alias` as a column (ADR 38):
 * a correlated subselect on patient_identifiers' patient index, so a read
 * stays one statement (the audited GET, ADR 29) and never meets a stale copy.
 */
export const EXTERNAL_IDENTIFIERS_OF = (alias: string) => `(
    SELECT COALESCE(json_agg(json_build_object('assignerHospitalId', i.assigner_hospital_id, 'value', i.value)
                             ORDER BY i.created_at, i.assigner_hospital_id, i.value), '[]'::json)
      FROM patient_identifiers i WHERE i.patient_id = ${alias}.id) AS external_identifiers`;

/** The SQL that adds those three arrays to a query over `patients p` (as a lateral join). */
export const CARE_LINKS_LATERAL = `LEFT JOIN LATERAL (
    SELECT array_agg(c.ref_id::text) FILTER (WHERE c.kind = 'user') AS user_ids,
           array_agg(c.ref_id::text) FILTER (WHERE c.kind = 'department') AS department_ids,
           array_agg(c.ref_id::text) FILTER (WHERE c.kind = 'hospital') AS hospital_ids
      FROM patient_care_links c WHERE c.patient_id = p.id) links ON TRUE`;

export function toPatientState(row: PatientRow): PatientState {
  return {
    id: row.id,
    mrn: row.mrn,
    sex: row.sex,
    status: row.status,
    mergedIntoId: row.merged_into_id,
    registeringHospitalId: row.registering_hospital_id,
    encrypted: fieldsOf(row),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The care links of a row loaded with CARE_LINKS_LATERAL. */
export function careLinksOf(row: PatientRowWithLinks): CareLink[] {
  return [
    ...(row.user_ids ?? []).map((refId) => ({ kind: 'user' as const, refId })),
    ...(row.department_ids ?? []).map((refId) => ({ kind: 'department' as const, refId })),
    ...(row.hospital_ids ?? []).map((refId) => ({ kind: 'hospital' as const, refId })),
  ];
}

/** Ciphertexts by column, from ciphertexts by field. */
export function columnsOf(encrypted: Readonly<Record<PersonalField, string | null>>): EncryptedColumns {
  const columns = {} as Record<string, string | null>;
  for (const field of PERSONAL_FIELDS) columns[ENCRYPTED_COLUMNS[field]] = encrypted[field];
  return columns as EncryptedColumns;
}

/** Ciphertexts by field, from ciphertexts by column. */
export function fieldsOf(columns: EncryptedColumns): Record<PersonalField, string | null> {
  const encrypted = {} as Record<PersonalField, string | null>;
  for (const field of PERSONAL_FIELDS) encrypted[field] = columns[ENCRYPTED_COLUMNS[field]];
  return encrypted;
}

/**
 * The scope conditions of patients:read over `r`, a row loaded with
 * CARE_LINKS_LATERAL (a recorded read, ADR 29): the links are already in its
 * arrays, so the check costs no further lookups. The same conditions as
 * PATIENT_SCOPE_SQL over the tables, and as readDecision in memory.
 */
export const LOADED_PATIENT_SCOPE_SQL: Record<string, FieldSql> = {
  id: (p) => `r.id = ${p}::uuid`,
  linkedUserIds: (p) => `${p}::text = ANY(r.user_ids)`,
  departmentIds: (p) => `${p}::text = ANY(r.department_ids)`,
  hospitalIds: (p) => `(r.registering_hospital_id = ${p}::uuid OR ${p}::text = ANY(r.hospital_ids))`,
};
