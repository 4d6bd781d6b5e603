import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { CareLink } from './care-link.js';
import type { PatientStatus } from './patient-status.js';

/**
 * Recorded on the source's stream only: the source now points to the
 * target. The target's own versions do not change (it only gains the care
 * links listed here), so its history shows no merge.
 */
export interface PatientMergedPayload {
  readonly patientId: string;
  readonly status: 'merged';
  readonly previousStatus: PatientStatus;
  readonly mergedIntoId: string;
  /** Links the target gained: the source's, and its registering hospital. */
  readonly movedCareLinks: readonly CareLink[];
}

export class PatientMerged extends DomainEvent<PatientMergedPayload> {
  static readonly TYPE = 'patients.PatientMerged.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, payload: PatientMergedPayload) {
    super({ aggregateType: 'Patient', aggregateId: payload.patientId, aggregateVersion: version, payload });
  }
}
