import {
  AccessDenied,
  type DenialReason,
  decidePatientRecord,
  type PatientScopeColumns,
  type PatientScopedRecord,
  patientScopeConditions,
  type Principal,
} from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { PatientDataKind } from '../../patients/index.js';
import type { NoteRow } from '../infrastructure/note-row.js';

/** Reads of notes: emr:read's scopes apply; access events name them `emr.notes`. */
export const NOTES: PatientDataKind = { resource: 'emr', resourceType: 'emr.notes' };

/** The scope columns of `clinical_notes n`. */
export const NOTE_SCOPE_COLUMNS: PatientScopeColumns = {
  patientId: 'n.patient_id',
  hospitalId: 'n.hospital_id',
  departmentId: 'n.department_id',
  responsibleUserIds: 'n.responsible_user_ids',
};

/** The attributes a note's scopes are tested on: its encounter's, copied when it was written. */
export function scopedNoteOf(row: Pick<NoteRow, 'patient_id' | 'hospital_id' | 'department_id' | 'responsible_user_ids'>) {
  return {
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    responsibleUserIds: row.responsible_user_ids,
  } satisfies PatientScopedRecord;
}

/**
 * The first of the writer's emr permissions whose scopes do not cover the
 * record (undefined when all do). Break-the-glass grants open records for
 * reading only, so they count for none of them.
 */
export function missingWriteScope(
  principal: Principal,
  record: PatientScopedRecord,
  actions: readonly ('write' | 'sign')[],
  now = new Date(),
): 'emr:write' | 'emr:sign' | undefined {
  for (const action of actions) {
    const conditions = { ...patientScopeConditions(principal, 'emr', action, now), emergencyGrants: [] };
    if (!decidePatientRecord(conditions, record).allowed) return `emr:${action}`;
  }
  return undefined;
}

/** Whether the reader's emr:read (or a break-the-glass grant for its patient) covers a record. */
export function mayRead(principal: Principal, record: PatientScopedRecord, now = new Date()): boolean {
  return decidePatientRecord(patientScopeConditions(principal, 'emr', 'read', now), record).allowed;
}

/** The audit record of a refused note write: outside the writer's scope (answered 404) or not the author (403). */
export function refusedNoteWrite(actor: Actor, reason: DenialReason, permission: string, noteId: string): AccessDenied {
  return new AccessDenied({ userId: actor.id, reason, permission, resourceType: 'Note', resourceId: noteId });
}
