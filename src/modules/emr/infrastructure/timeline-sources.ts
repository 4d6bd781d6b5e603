import { type NoteTypeCode, noteTypeOfCode } from '../domain/note-type.js';
import type { TimelineKind } from '../domain/timeline-kind.js';

/**
 * How one kind of record sits on the timeline: its table (aliased `t`, with
 * the four scope columns, `listed_at` and the index `(patient_id, listed_at
 * DESC, id DESC)`), the encounter it hangs off, and its summary as a JSON
 * object of codes, ids, numbers and instants. Free texts stay out: the
 * timeline decrypts nothing, and the record's own route serves them.
 */
export interface TimelineSource {
  readonly kind: TimelineKind;
  /** `emr.<kind>`: the access events of entries of this kind name it. */
  readonly resourceType: string;
  readonly table: string;
  /** Records of the patient rather than a visit: open to every reader whose scopes reach the patient (PatientDataKind). */
  readonly patientWide?: boolean;
  /** Rows of the table that are of this kind (diagnoses and problems share one table). */
  readonly where?: string;
  readonly encounterId: string;
  readonly status: string;
  readonly version: string;
  readonly summary: string;
  /** The record's own route, or null where the entry already carries the whole record but its free texts. */
  readonly href: (row: { readonly id: string; readonly patient_id: string }) => string | null;
  /** Names the API answers where the table stores codes. */
  readonly refine?: (summary: Record<string, unknown>) => Record<string, unknown>;
}

export const TIMELINE_SOURCES: readonly TimelineSource[] = [
  {
    kind: 'encounter',
    resourceType: 'emr.encounters',
    table: 'encounters',
    encounterId: 't.id',
    status: 't.status',
    version: 't.version',
    summary: `jsonb_build_object('class', t.class, 'hospitalId', t.hospital_id, 'departmentId', t.department_id,
                'accountNumber', t.account_number, 'periodStart', t.period_start, 'periodEnd', t.period_end,
                'attendingPractitionerId', t.attending_practitioner_id)`,
    href: ({ id }) => `/api/v1/encounters/${id}`,
  },
  {
    kind: 'note',
    resourceType: 'emr.notes',
    table: 'clinical_notes',
    encounterId: 't.encounter_id',
    status: 't.status',
    version: 't.version',
    summary: `jsonb_build_object('typeCode', t.type_code, 'authorId', t.author_id, 'signedAt', t.signed_at,
                'lateEntry', t.late_entry, 'amendsNoteId', t.amends_note_id, 'originalNoteId', t.original_note_id)`,
    href: ({ id }) => `/api/v1/notes/${id}`,
    refine: (summary) => ({ type: noteTypeOfCode(summary.typeCode as NoteTypeCode), ...summary }),
  },
  {
    kind: 'diagnosis',
    resourceType: 'emr.diagnoses',
    table: 'conditions',
    where: `t.category = 'encounter-diagnosis'`,
    encounterId: 't.encounter_id',
    status: 't.verification_status',
    version: 't.version',
    summary: `jsonb_build_object('code', t.code, 'display', t.display, 'clinicalStatus', t.clinical_status,
                'verificationStatus', t.verification_status, 'primary', t.is_primary, 'recorderId', t.recorder_id,
                'lateEntry', t.late_entry)`,
    href: ({ id }) => `/api/v1/diagnoses/${id}`,
  },
  {
    kind: 'problem',
    resourceType: 'emr.problems',
    patientWide: true,
    table: 'conditions',
    where: `t.category = 'problem-list-item'`,
    encounterId: 't.encounter_id',
    status: 't.clinical_status',
    version: 't.version',
    summary: `jsonb_build_object('code', t.code, 'display', t.display, 'clinicalStatus', t.clinical_status,
                'verificationStatus', t.verification_status, 'onsetDate', t.onset_date, 'abatementDate', t.abatement_date,
                'recorderId', t.recorder_id)`,
    href: ({ id }) => `/api/v1/problems/${id}`,
  },
  {
    // A set of vital signs measured together; its entry carries every observation.
    kind: 'vitals',
    resourceType: 'emr.vitals',
    table: 'vital_sets',
    encounterId: 't.encounter_id',
    // Kept on the set's row by a trigger on its observations (ADR 36).
    status: 't.status',
    version: 't.version',
    summary: `jsonb_build_object('recordedBy', t.recorded_by, 'lateEntry', t.late_entry, 'observations', t.observations)`,
    href: () => null,
  },
  {
    // At its recording, as it stands now: lastChangedAt and version tell of later changes.
    kind: 'allergy',
    resourceType: 'emr.allergies',
    patientWide: true,
    table: 'allergy_intolerances',
    encounterId: 't.encounter_id',
    status: 'COALESCE(t.clinical_status, t.verification_status)',
    version: 't.version',
    summary: `jsonb_build_object('kind', t.kind, 'type', t.type, 'categories', t.categories, 'criticality', t.criticality,
                'reactionSeverities', t.reaction_severities, 'clinicalStatus', t.clinical_status,
                'verificationStatus', t.verification_status, 'substanceCode', t.substance_code,
                'recordedBy', t.recorded_by, 'lastChangedAt', t.updated_at)`,
    href: ({ patient_id }) => `/api/v1/patients/${patient_id}/allergies`,
  },
];
