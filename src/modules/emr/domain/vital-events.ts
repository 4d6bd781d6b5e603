import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { Interpretation, ObservationStatus, VitalCode } from './vital-signs.js';

/** One observation of a set: codes and numbers only. */
export interface VitalObservationSnapshot {
  readonly observationId: string;
  readonly code: VitalCode;
  readonly value: number;
  readonly unit: string;
  readonly interpretation: Interpretation | null;
  readonly derived: boolean;
  readonly status: ObservationStatus;
  readonly statusReasonRecorded: boolean;
}

/**
 * The whole set after the change, as ids, codes, instants and numbers: each
 * version in the audit store is complete. The late-entry reason and an
 * entered-in-error reason are free text and stay out; the snapshot says only
 * whether one is recorded.
 */
export interface VitalSetSnapshot {
  readonly vitalSetId: string;
  /** Files the event under the patient: it shows in the patient's access report. */
  readonly patientId: string;
  readonly encounterId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly recordedBy: string;
  readonly effectiveAt: string;
  readonly lateEntry: boolean;
  readonly lateEntryReasonRecorded: boolean;
  readonly observations: readonly VitalObservationSnapshot[];
}

abstract class VitalSetEvent<P extends VitalSetSnapshot> extends DomainEvent<P> {
  protected constructor(version: number, payload: P) {
    super({ aggregateType: 'VitalSet', aggregateId: payload.vitalSetId, aggregateVersion: version, payload });
  }
}

/** A set of vitals recorded on an encounter: version 1 of the set. */
export class VitalsRecorded extends VitalSetEvent<VitalSetSnapshot> {
  static readonly TYPE = 'emr.VitalsRecorded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: VitalSetSnapshot) {
    super(1, snapshot);
  }
}

/** Observations of the set marked entered-in-error (one asked for, and a BMI computed from it): kept, never deleted. */
export class VitalMarkedEnteredInError extends VitalSetEvent<VitalSetSnapshot & { readonly observationIds: readonly string[] }> {
  static readonly TYPE = 'emr.VitalMarkedEnteredInError.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: VitalSetSnapshot, observationIds: readonly string[]) {
    super(version, { ...snapshot, observationIds });
  }
}

/** The patient was merged: the set now belongs to the surviving record. */
export class VitalsMovedByMerge extends VitalSetEvent<VitalSetSnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.VitalsMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: VitalSetSnapshot, previousPatientId: string) {
    super(version, { ...snapshot, previousPatientId });
  }
}
