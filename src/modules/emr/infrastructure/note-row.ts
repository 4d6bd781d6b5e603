import type { NoteState } from '../domain/note-state.js';
import type { NoteStatus } from '../domain/note-status.js';
import type { NoteTypeCode } from '../domain/note-type.js';

/** A row of `clinical_notes` as PostgreSQL answers it, with the version that supersedes it (if any). */
export interface NoteRow {
  id: string;
  encounter_id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  type_code: NoteTypeCode;
  status: NoteStatus;
  author_id: string;
  text: string;
  late_entry: boolean;
  late_entry_reason: string | null;
  amends_note_id: string | null;
  original_note_id: string;
  amendment_reason: string | null;
  pii_key_id: string;
  signed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  listed_at: Date;
  /** listed_at to the microsecond (the list's keyset). */
  listed_key: string;
  /** The amendment that superseded this version; null while it is current. */
  amended_by_note_id: string | null;
}

export function toNoteState(row: NoteRow): NoteState {
  return {
    id: row.id,
    encounterId: row.encounter_id,
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    typeCode: row.type_code,
    status: row.status,
    authorId: row.author_id,
    lateEntry: row.late_entry,
    signedAt: row.signed_at,
    amendsNoteId: row.amends_note_id,
    originalNoteId: row.original_note_id,
    version: row.version,
  };
}
