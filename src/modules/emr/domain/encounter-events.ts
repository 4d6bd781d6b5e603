import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { EncounterClass } from './encounter-class.js';
import type { EncounterState } from './encounter-state.js';
import type { EncounterStatus } from './encounter-status.js';

/**
 * The whole encounter after the change, as ids, codes and instants: each
 * version in the audit store is complete, so a history or an as-of replay
 * reads one event. Free texts (the reason, a cancellation's or an error's
 * reason) are clinical and stay out; the snapshot says only whether one is
 * recorded.
 */
export interface EncounterSnapshot {
  readonly encounterId: string;
  /** Files the event under the patient: it shows in the patient's access report. */
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly class: EncounterClass;
  readonly status: EncounterStatus;
  readonly attendingPractitionerId: string | null;
  readonly careTeamIds: readonly string[];
  readonly accountNumber: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly reasonRecorded: boolean;
  readonly statusReasonRecorded: boolean;
}

export function snapshotOf(state: EncounterState, texts: { reason: boolean; statusReason: boolean }): EncounterSnapshot {
  return {
    encounterId: state.id,
    patientId: state.patientId,
    hospitalId: state.hospitalId,
    departmentId: state.departmentId,
    class: state.class,
    status: state.status,
    attendingPractitionerId: state.attendingPractitionerId,
    careTeamIds: [...state.careTeamIds],
    accountNumber: state.accountNumber,
    periodStart: state.periodStart?.toISOString() ?? null,
    periodEnd: state.periodEnd?.toISOString() ?? null,
    reasonRecorded: texts.reason,
    statusReasonRecorded: texts.statusReason,
  };
}

abstract class EncounterEvent<P extends EncounterSnapshot> extends DomainEvent<P> {
  protected constructor(version: number, payload: P) {
    super({ aggregateType: 'Encounter', aggregateId: payload.encounterId, aggregateVersion: version, payload });
  }
}

/** Version 1 of an encounter booked ahead. */
export class EncounterPlanned extends EncounterEvent<EncounterSnapshot> {
  static readonly TYPE = 'emr.EncounterPlanned.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(snapshot: EncounterSnapshot) {
    super(1, snapshot);
  }
}

/** An encounter under way: a planned one started, or (version 1) one recorded as already in progress. */
export class EncounterStarted extends EncounterEvent<EncounterSnapshot> {
  static readonly TYPE = 'emr.EncounterStarted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot) {
    super(version, snapshot);
  }
}

export class EncounterFinished extends EncounterEvent<EncounterSnapshot> {
  static readonly TYPE = 'emr.EncounterFinished.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot) {
    super(version, snapshot);
  }
}

export class EncounterCancelled extends EncounterEvent<EncounterSnapshot> {
  static readonly TYPE = 'emr.EncounterCancelled.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot) {
    super(version, snapshot);
  }
}

/** Recorded by mistake (wrong patient, duplicate): kept, never deleted, and shown as such. */
export class EncounterMarkedEnteredInError extends EncounterEvent<EncounterSnapshot> {
  static readonly TYPE = 'emr.EncounterMarkedEnteredInError.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot) {
    super(version, snapshot);
  }
}

export type EncounterField = 'class' | 'attendingPractitionerId' | 'careTeamIds' | 'reasonText';

/** Details changed by PATCH: the fields named, the new snapshot. */
export class EncounterUpdated extends EncounterEvent<EncounterSnapshot & { readonly changedFields: readonly EncounterField[] }> {
  static readonly TYPE = 'emr.EncounterUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot, changedFields: readonly EncounterField[]) {
    super(version, { ...snapshot, changedFields });
  }
}

/** The patient was merged: the encounter now belongs to the surviving record. */
export class EncounterMovedByMerge extends EncounterEvent<EncounterSnapshot & { readonly previousPatientId: string }> {
  static readonly TYPE = 'emr.EncounterMovedByMerge.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, snapshot: EncounterSnapshot, previousPatientId: string) {
    super(version, { ...snapshot, previousPatientId });
  }
}
