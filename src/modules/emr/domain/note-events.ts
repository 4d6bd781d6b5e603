import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { NoteState } from './note-state.js';
import type { NoteStatus } from './note-status.js';
import { type NoteType, type NoteTypeCode, noteTypeOfCode } from './note-type.js';

/**
 * The whole note after the change, as ids, codes and instants: each version
 * in the audit store is complete. The text and the reasons (late entry,
 * amendment) are clinical free text and stay out: the snapshot says only
 * whether one is recorded.
 */
export interface NoteSnapshot {
  readonly noteId: string;
  /** Files the event under the patient: it shows in the patient's access report. */
  readonly patientId: string;
  readonly encounterId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly type: NoteType;
  /** Composition.type: the LOINC document code. */
  readonly typeCode: NoteTypeCode;
  readonly status: NoteStatus;
  readonly authorId: string;
  readonly signedAt: string | null;
  readonly lateEntry: boolean;
  readonly amendsNoteId: string | null;
  readonly originalNoteId: string;
  readonly textRecorded: true;
  readonly lateEntryReasonRecorded: boolean;
  readonly amendmentReasonRecorded: boolean;
}

export function noteSnapshotOf(state: NoteState): NoteSnapshot {
  return {
    noteId: state.id,
    patientId: state.patientId,
    encounterId: state.encounterId,
    hospitalId: state.hospitalId,
    departmentId: state.departmentId,
    type: noteTypeOfCode(state.typeCode),
    typeCode: state.typeCode,
    status: state.status,
    authorId: state.authorId,
    signedAt: state.signedAt?.toISOString() ?? null,
    lateEntry: state.lateEntry,
    amendsNoteId: state.amendsNoteId,
    originalNoteId: state.originalNoteId,
    textRecorded: true,
    // A late entry always carries its reason, an amendment always its own (the table's checks).
    lateEntryReasonRecorded: state.lateEntry,
    amendmentReasonRecorded: state.amendsNoteId !== null,
  };
}

abstract class NoteEvent<P extends NoteSnapshot> extends DomainEvent<P> {
  protected constructor(version: number, payload: P) {
    super({ aggregateType: 'Note', aggregateId: payload.noteId, aggregateVersion: version, payload });
  }
}

/** Version 1 of a draft (preliminary) note. */
export class NoteDrafted extends NoteEvent<NoteSnapshot> {
  static readonly TYPE = 'emr.NoteDrafted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: NoteSnapshot) {
    super(1, snapshot);
  }
}

export type NoteField = 'type' | 'text';

/** A draft's type or text changed by its author: the fields named, the new snapshot. */
export class NoteUpdated extends NoteEvent<NoteSnapshot & { readonly changedFields: readonly NoteField[] }> {
  static readonly TYPE = 'emr.NoteUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: NoteSnapshot, changedFields: readonly NoteField[]) {
    super(version, { ...snapshot, changedFields });
  }
}

/** A note became final: a draft signed by its author, or (version 1) an amendment, signed as it is written. */
export class NoteSigned extends NoteEvent<NoteSnapshot> {
  static readonly TYPE = 'emr.NoteSigned.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: NoteSnapshot) {
    super(version, snapshot);
  }
}

/** A signed note was superseded by an amendment, which the event names; the note stays readable, marked amended. */
export class NoteAmended extends NoteEvent<NoteSnapshot & { readonly amendmentNoteId: string }> {
  static readonly TYPE = 'emr.NoteAmended.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: NoteSnapshot, amendmentNoteId: string) {
    super(version, { ...snapshot, amendmentNoteId });
  }
}

/** The patient was merged: the note now belongs to the surviving record. */
export class NoteMovedByMerge extends NoteEvent<NoteSnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.NoteMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: NoteSnapshot, previousPatientId: string) {
    super(version, { ...snapshot, previousPatientId });
  }
}
