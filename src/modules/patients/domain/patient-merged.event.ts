import { type AuditDeclaration, DomainEvent, eventUpcasters } from '@hms/ddd';
import type { CareLink } from './care-link.js';
import type { ExternalIdentifier } from './external-identifier.js';
import type { PatientStatus } from './patient-status.js';

/**
 * Recorded on the source's stream only: the source now points to the
 * target. The target's own versions do not change (it only gains the care
 * links and external identifiers listed here), so its history shows no merge.
 */
export interface PatientMergedPayload {
  readonly patientId: string;
  readonly status: 'merged';
  readonly previousStatus: PatientStatus;
  readonly mergedIntoId: string;
  /** Links the target gained: the source's, and its registering hospital. */
  readonly movedCareLinks: readonly CareLink[];
  /** The source's external identifiers, now the target's (ADR 38). */
  readonly movedIdentifiers: readonly ExternalIdentifier[];
}

/** Version 1 came before external identifiers: it moved none. */
type PatientMergedV1Payload = Omit<PatientMergedPayload, 'movedIdentifiers'>;

export class PatientMerged extends DomainEvent<PatientMergedPayload> {
  static readonly TYPE = 'patients.PatientMerged.v2';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, payload: PatientMergedPayload) {
    super({ aggregateType: 'Patient', aggregateId: payload.patientId, aggregateVersion: version, payload });
  }
}

eventUpcasters.register<PatientMergedV1Payload, PatientMergedPayload>({
  from: 'patients.PatientMerged.v1',
  to: PatientMerged.TYPE,
  upcast: (payload) => ({ ...payload, movedIdentifiers: [] }),
});
