import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyKind,
  AllergyType,
  AllergyVerificationStatus,
  ReactionSeverity,
} from './allergy-vocabulary.js';

/**
 * The whole record after the change, as ids, codes and instants. The
 * substance and the reactions' manifestations are clinical free text and
 * stay out: the snapshot says only that the substance is recorded, and each
 * reaction's severity.
 */
export interface AllergySnapshot {
  readonly allergyId: string;
  /** Files the event under the patient: it shows in the patient's access report. */
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly encounterId: string | null;
  readonly recordedBy: string;
  readonly kind: AllergyKind;
  /** 716186003 for the no-known-allergies assertion, null otherwise (the substance is text for now). */
  readonly code: string | null;
  readonly substanceRecorded: boolean;
  readonly substanceCode: string | null;
  readonly type: AllergyType | null;
  readonly category: readonly AllergyCategory[];
  readonly criticality: AllergyCriticality | null;
  readonly reactionSeverities: readonly ReactionSeverity[];
  readonly clinicalStatus: AllergyClinicalStatus | null;
  readonly verificationStatus: AllergyVerificationStatus;
  readonly onsetAt: string | null;
  readonly recordedAt: string;
}

export type AllergyField =
  'substance' | 'type' | 'category' | 'criticality' | 'reactions' | 'clinicalStatus' | 'verificationStatus' | 'onsetDateTime';

abstract class AllergyEvent<P extends AllergySnapshot> extends DomainEvent<P> {
  protected constructor(version: number, payload: P) {
    super({ aggregateType: 'AllergyIntolerance', aggregateId: payload.allergyId, aggregateVersion: version, payload });
  }
}

/** Version 1: an allergy or intolerance, or the assertion of no known allergies. */
export class AllergyRecorded extends AllergyEvent<AllergySnapshot> {
  static readonly TYPE = 'emr.AllergyRecorded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: AllergySnapshot) {
    super(1, snapshot);
  }
}

/**
 * A change by PATCH (the fields named), or a no-known-allergies assertion
 * made inactive because an allergy was recorded (`supersededBy` names it).
 */
export class AllergyUpdated extends AllergyEvent<
  AllergySnapshot & { readonly changedFields: readonly AllergyField[]; readonly supersededBy: string | null }
> {
  static readonly TYPE = 'emr.AllergyUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(
    version: number,
    snapshot: AllergySnapshot,
    changedFields: readonly AllergyField[],
    supersededBy: string | null = null,
  ) {
    super(version, { ...snapshot, changedFields, supersededBy });
  }
}

/** The patient was merged: the record now belongs to the surviving one. */
export class AllergyMovedByMerge extends AllergyEvent<AllergySnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.AllergyMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: AllergySnapshot, previousPatientId: string) {
    super(version, { ...snapshot, previousPatientId });
  }
}
