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
  readonly encounterId: string;
  readonly status: string;
  readonly version: string;
  readonly summary: string;
  /** The record's own route under /api/v1, by its id. */
  readonly href: (id: string) => string;
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
    href: (id) => `/api/v1/encounters/${id}`,
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
    href: (id) => `/api/v1/notes/${id}`,
    refine: (summary) => ({ type: noteTypeOfCode(summary.typeCode as NoteTypeCode), ...summary }),
  },
];
