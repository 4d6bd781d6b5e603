import type { AllergySnapshot } from '../domain/allergy-events.js';
import { amendedByThen, type TextThen, type VersionsAsOf } from '../domain/as-of.js';
import type { ConditionSnapshot } from '../domain/condition-events.js';
import type { EncounterSnapshot } from '../domain/encounter-events.js';
import type { NoteSnapshot } from '../domain/note-events.js';
import type { AllergyRow } from '../infrastructure/allergy-row.js';
import type { ConditionRow } from '../infrastructure/condition-row.js';
import type { EncounterRow } from '../infrastructure/encounter-row.js';
import type { NoteRow } from '../infrastructure/note-row.js';

/**
 * The row as it stood at a version: its ids, codes and instants from that
 * version's snapshot, each text from the row only when it is the text then
 * (else null, and the answer names it), the version and its instant as the
 * row's. The views then render it as they render the row now.
 */
const textThen = (texts: Record<string, TextThen>, member: string, now: string | null): string | null =>
  texts[member] === 'kept' ? now : null;

const instant = (value: string | null): Date | null => (value === null ? null : new Date(value));

export function encounterRowThen(
  row: EncounterRow,
  versions: VersionsAsOf<EncounterSnapshot>,
  texts: Record<'reasonText' | 'statusReason', TextThen>,
): EncounterRow {
  const { then } = versions;
  const s = then.change;
  return {
    ...row,
    patient_id: s.patientId,
    hospital_id: s.hospitalId,
    department_id: s.departmentId,
    class: s.class,
    status: s.status,
    attending_practitioner_id: s.attendingPractitionerId,
    care_team_ids: [...s.careTeamIds],
    account_number: s.accountNumber,
    period_start: instant(s.periodStart),
    period_end: instant(s.periodEnd),
    reason_text: textThen(texts, 'reasonText', row.reason_text),
    status_reason: textThen(texts, 'statusReason', row.status_reason),
    version: then.version,
    updated_at: then.occurredAt,
  };
}

export function noteRowThen(
  row: NoteRow,
  versions: VersionsAsOf<NoteSnapshot>,
  texts: Record<'lateEntryReason' | 'amendmentReason', TextThen>,
): NoteRow {
  const { then } = versions;
  const s = then.change;
  return {
    ...row,
    patient_id: s.patientId,
    encounter_id: s.encounterId,
    hospital_id: s.hospitalId,
    department_id: s.departmentId,
    type_code: s.typeCode,
    status: s.status,
    author_id: s.authorId,
    signed_at: instant(s.signedAt),
    late_entry: s.lateEntry,
    amends_note_id: s.amendsNoteId,
    original_note_id: s.originalNoteId,
    amended_by_note_id: amendedByThen(versions),
    // A note always has a text: the view decides on it (null when not kept).
    late_entry_reason: textThen(texts, 'lateEntryReason', row.late_entry_reason),
    amendment_reason: textThen(texts, 'amendmentReason', row.amendment_reason),
    version: then.version,
    updated_at: then.occurredAt,
  };
}

export function conditionRowThen(
  row: ConditionRow,
  versions: VersionsAsOf<ConditionSnapshot>,
  texts: Record<'note' | 'lateEntryReason', TextThen>,
): ConditionRow {
  const { then } = versions;
  const s = then.change;
  return {
    ...row,
    patient_id: s.patientId,
    encounter_id: s.encounterId,
    hospital_id: s.hospitalId,
    department_id: s.departmentId,
    code: s.code,
    clinical_status: s.clinicalStatus,
    verification_status: s.verificationStatus,
    is_primary: s.primary,
    onset_date: s.onsetDate,
    abatement_date: s.abatementDate,
    recorder_id: s.recorderId,
    recorded_at: new Date(s.recordedAt),
    late_entry: s.lateEntry,
    note: textThen(texts, 'note', row.note),
    late_entry_reason: textThen(texts, 'lateEntryReason', row.late_entry_reason),
    version: then.version,
    updated_at: then.occurredAt,
  };
}

/**
 * Reactions not kept leave none: a severity without its manifestation would
 * read as a complete reaction (textsNotKept names the member).
 */
export function allergyRowThen(
  row: AllergyRow,
  versions: VersionsAsOf<AllergySnapshot>,
  texts: Record<'substance' | 'reactions', TextThen>,
): AllergyRow {
  const { then } = versions;
  const s = then.change;
  const reactionsKept = texts.reactions === 'kept';
  return {
    ...row,
    patient_id: s.patientId,
    hospital_id: s.hospitalId,
    department_id: s.departmentId,
    encounter_id: s.encounterId,
    recorded_by: s.recordedBy,
    kind: s.kind,
    substance_text: textThen(texts, 'substance', row.substance_text),
    substance_code: s.substanceCode,
    type: s.type,
    categories: [...s.category],
    criticality: s.criticality,
    reactions_text: reactionsKept ? row.reactions_text : null,
    reaction_severities: reactionsKept ? [...s.reactionSeverities] : [],
    clinical_status: s.clinicalStatus,
    verification_status: s.verificationStatus,
    onset_at: instant(s.onsetAt),
    created_at: new Date(s.recordedAt),
    version: then.version,
    updated_at: then.occurredAt,
  };
}
