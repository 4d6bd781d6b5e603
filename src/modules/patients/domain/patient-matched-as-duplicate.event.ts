import type { PurposeOfUse } from '@hms/authz';
import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/**
 * How a match reached the caller: `listed` (id, MRN, hospital and status, the
 * caller may read the record) or `counted` (outside the caller's scope: only
 * its existence, as one of a count).
 */
export type DuplicateDisclosure = 'listed' | 'counted';

export interface DuplicateMatchAnswered {
  readonly patientId: string;
  readonly disclosed: DuplicateDisclosure;
  readonly purposeOfUse: PurposeOfUse;
  /** The break-the-glass grant that alone let the caller read the match, if any. */
  readonly emergencyGrantId?: string | null;
}

export interface PatientMatchedAsDuplicatePayload {
  readonly patientId: string;
  readonly disclosed: DuplicateDisclosure;
  readonly purposeOfUse: PurposeOfUse;
  readonly emergencyGrantId?: string;
  /** Marks the access as break-the-glass for the audit access report. */
  readonly breakGlass?: true;
}

/**
 * A registration's duplicate check found this patient and told the caller so
 * (409 PATIENT.POSSIBLE_DUPLICATE): one event per match of the answer, all
 * under the request's correlation id, filed under the patient so its access
 * report shows who asked. Ids, the disclosure and the purpose; no personal value.
 */
export class PatientMatchedAsDuplicate extends DomainEvent<PatientMatchedAsDuplicatePayload> {
  static readonly TYPE = 'patients.PatientMatchedAsDuplicate.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
  static readonly FACT_ONLY = true;

  constructor(match: DuplicateMatchAnswered) {
    super({
      aggregateType: 'Patient',
      aggregateId: match.patientId,
      aggregateVersion: 0,
      payload: {
        patientId: match.patientId,
        disclosed: match.disclosed,
        purposeOfUse: match.purposeOfUse,
        ...(match.emergencyGrantId ? { emergencyGrantId: match.emergencyGrantId, breakGlass: true as const } : {}),
      },
    });
  }
}
