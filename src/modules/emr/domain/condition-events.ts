import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { ConditionField } from './condition-rules.js';
import type { ConditionState } from './condition-state.js';
import type { ClinicalStatus, ConditionCategory, VerificationStatus } from './condition-vocabulary.js';

/**
 * The whole diagnosis or problem-list entry after the change, as ids, codes,
 * dates and flags: each version in the audit store is complete. The note
 * and a late entry's reason are clinical free text and stay out (the
 * snapshot says whether one is recorded); so does the display text, which a
 * client writes when no catalogue is loaded and the code stands for anyway.
 */
export interface ConditionSnapshot {
  readonly conditionId: string;
  readonly category: ConditionCategory;
  /** Files the event under the patient: it shows in the patient's access report. */
  readonly patientId: string;
  readonly encounterId: string | null;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly code: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  readonly primary: boolean;
  readonly onsetDate: string | null;
  readonly abatementDate: string | null;
  readonly recorderId: string;
  readonly recordedAt: string;
  readonly lateEntry: boolean;
  readonly noteRecorded: boolean;
  readonly lateEntryReasonRecorded: boolean;
}

export function conditionSnapshotOf(
  state: ConditionState,
  texts: { readonly note: boolean; readonly lateEntryReason: boolean },
): ConditionSnapshot {
  return {
    conditionId: state.id,
    category: state.category,
    patientId: state.patientId,
    encounterId: state.encounterId,
    hospitalId: state.hospitalId,
    departmentId: state.departmentId,
    code: state.code,
    clinicalStatus: state.clinicalStatus,
    verificationStatus: state.verificationStatus,
    primary: state.primary,
    onsetDate: state.onsetDate,
    abatementDate: state.abatementDate,
    recorderId: state.recorderId,
    recordedAt: state.recordedAt.toISOString(),
    lateEntry: state.lateEntry,
    noteRecorded: texts.note,
    lateEntryReasonRecorded: texts.lateEntryReason,
  };
}

abstract class ConditionEvent<P extends ConditionSnapshot> extends DomainEvent<P> {
  protected constructor(aggregateType: 'Diagnosis' | 'Problem', version: number, payload: P) {
    super({ aggregateType, aggregateId: payload.conditionId, aggregateVersion: version, payload });
  }
}

/** Version 1 of a diagnosis on an encounter (flagged when recorded as a late entry). */
export class DiagnosisRecorded extends ConditionEvent<ConditionSnapshot> {
  static readonly TYPE = 'emr.DiagnosisRecorded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: ConditionSnapshot) {
    super('Diagnosis', 1, snapshot);
  }
}

/** Clinical or verification status, primary flag or note changed: the fields named, the new snapshot. */
export class DiagnosisUpdated extends ConditionEvent<ConditionSnapshot & { readonly changedFields: readonly ConditionField[] }> {
  static readonly TYPE = 'emr.DiagnosisUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: ConditionSnapshot, changedFields: readonly ConditionField[]) {
    super('Diagnosis', version, { ...snapshot, changedFields });
  }
}

/** The patient was merged: the diagnosis now belongs to the surviving record. */
export class DiagnosisMovedByMerge extends ConditionEvent<ConditionSnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.DiagnosisMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: ConditionSnapshot, previousPatientId: string) {
    super('Diagnosis', version, { ...snapshot, previousPatientId });
  }
}

/** Version 1 of an entry on the patient's problem list. */
export class ProblemRecorded extends ConditionEvent<ConditionSnapshot> {
  static readonly TYPE = 'emr.ProblemRecorded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: ConditionSnapshot) {
    super('Problem', 1, snapshot);
  }
}

export class ProblemUpdated extends ConditionEvent<ConditionSnapshot & { readonly changedFields: readonly ConditionField[] }> {
  static readonly TYPE = 'emr.ProblemUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: ConditionSnapshot, changedFields: readonly ConditionField[]) {
    super('Problem', version, { ...snapshot, changedFields });
  }
}

export class ProblemMovedByMerge extends ConditionEvent<ConditionSnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.ProblemMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: ConditionSnapshot, previousPatientId: string) {
    super('Problem', version, { ...snapshot, previousPatientId });
  }
}
