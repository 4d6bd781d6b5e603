import { type AllergySnapshot, AllergyUpdated } from './allergy-events.js';
import { type ConditionSnapshot, DiagnosisUpdated, ProblemUpdated } from './condition-events.js';
import {
  EncounterCancelled,
  EncounterMarkedEnteredInError,
  type EncounterSnapshot,
  EncounterUpdated,
} from './encounter-events.js';
import { NoteAmended, type NoteSnapshot, NoteUpdated } from './note-events.js';

/**
 * One version of an EMR record as the audit event store holds it: the event
 * that made it, whose payload is the whole record's snapshot (ids, codes,
 * instants; no free text).
 */
export interface RecordedVersion<S = unknown> {
  readonly version: number;
  readonly type: string;
  readonly occurredAt: Date;
  readonly change: S;
}

/** The version that stood at an instant, the ones before it and the ones made after it. */
export interface VersionsAsOf<S> {
  readonly then: RecordedVersion<S>;
  readonly before: readonly RecordedVersion<S>[];
  readonly later: readonly RecordedVersion<S>[];
}

/** The last version made by `asOf` (oldest-first input); undefined when the record did not exist yet. */
export function versionsAsOf<S>(versions: readonly RecordedVersion<S>[], asOf: Date): VersionsAsOf<S> | undefined {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const index = sorted.findLastIndex((v) => v.occurredAt.getTime() <= asOf.getTime());
  if (index < 0) return undefined;
  return { then: sorted[index], before: sorted.slice(0, index), later: sorted.slice(index + 1) };
}

/**
 * How one free-text member is known in the past: whether the snapshot says
 * it was recorded, and which later events may have rewritten it. Texts live
 * encrypted in the row only, so the row's text is the text then exactly
 * when no version after it touched the member.
 */
export interface TextRule<S> {
  recordedIn(snapshot: S): boolean;
  changedBy(version: RecordedVersion<S>): boolean;
}

/** `kept`: the row's text is the text then; `empty`: there was none then; `not-kept`: rewritten since, and the store keeps no text. */
export type TextThen = 'kept' | 'empty' | 'not-kept';

export function textsThen<S, M extends string>(rules: Record<M, TextRule<S>>, versions: VersionsAsOf<S>): Record<M, TextThen> {
  const answer = {} as Record<M, TextThen>;
  for (const member of Object.keys(rules) as M[]) {
    const rule = rules[member];
    const recorded = rule.recordedIn(versions.then.change);
    const rewritten = versions.later.some((v) => rule.changedBy(v) || rule.recordedIn(v.change) !== recorded);
    answer[member] = !recorded ? 'empty' : rewritten ? 'not-kept' : 'kept';
  }
  return answer;
}

/** The members an answer leaves null because the text then is not kept, in the rules' order. */
export function textsNotKept<M extends string>(texts: Record<M, TextThen>): M[] {
  return (Object.keys(texts) as M[]).filter((member) => texts[member] === 'not-kept');
}

function changedFieldsOf(version: RecordedVersion<unknown>): readonly string[] {
  const fields = (version.change as { changedFields?: unknown }).changedFields;
  return Array.isArray(fields) ? (fields as string[]) : [];
}

const updatedField =
  (types: readonly string[], field: string) =>
  (version: RecordedVersion<unknown>): boolean =>
    types.includes(version.type) && changedFieldsOf(version).includes(field);

const never = (): boolean => false;

/** An encounter's reason changes by PATCH; its status reason is written by a cancel or an entered-in-error. */
export const ENCOUNTER_TEXTS: Record<'reasonText' | 'statusReason', TextRule<EncounterSnapshot>> = {
  reasonText: { recordedIn: (s) => s.reasonRecorded, changedBy: updatedField([EncounterUpdated.TYPE], 'reasonText') },
  statusReason: {
    recordedIn: (s) => s.statusReasonRecorded,
    changedBy: (v) => v.type === EncounterCancelled.TYPE || v.type === EncounterMarkedEnteredInError.TYPE,
  },
};

/** A draft's text changes by PATCH (a signed one never); the reasons are written with the note and never change. */
export const NOTE_TEXTS: Record<'text' | 'lateEntryReason' | 'amendmentReason', TextRule<NoteSnapshot>> = {
  text: { recordedIn: (s) => s.textRecorded, changedBy: updatedField([NoteUpdated.TYPE], 'text') },
  lateEntryReason: { recordedIn: (s) => s.lateEntryReasonRecorded, changedBy: never },
  amendmentReason: { recordedIn: (s) => s.amendmentReasonRecorded, changedBy: never },
};

/** A condition's note changes by PATCH; a late entry's reason is written with it. (The display follows the code, which never changes.) */
export const CONDITION_TEXTS: Record<'note' | 'lateEntryReason', TextRule<ConditionSnapshot>> = {
  note: { recordedIn: (s) => s.noteRecorded, changedBy: updatedField([DiagnosisUpdated.TYPE, ProblemUpdated.TYPE], 'note') },
  lateEntryReason: { recordedIn: (s) => s.lateEntryReasonRecorded, changedBy: never },
};

/**
 * An allergy's substance and its reactions' manifestations change by PATCH.
 * The reactions are one member: their severities are in every snapshot, their
 * manifestations in the row only.
 */
export const ALLERGY_TEXTS: Record<'substance' | 'reactions', TextRule<AllergySnapshot>> = {
  substance: { recordedIn: (s) => s.substanceRecorded, changedBy: updatedField([AllergyUpdated.TYPE], 'substance') },
  reactions: { recordedIn: (s) => s.reactionSeverities.length > 0, changedBy: updatedField([AllergyUpdated.TYPE], 'reactions') },
};

/** The amendment that had superseded a note by then: the last NoteAmended up to that version. */
export function amendedByThen(versions: VersionsAsOf<NoteSnapshot>): string | null {
  const amended = [...versions.before, versions.then].filter((v) => v.type === NoteAmended.TYPE).at(-1);
  return amended ? (amended.change as NoteSnapshot & { amendmentNoteId: string }).amendmentNoteId : null;
}
