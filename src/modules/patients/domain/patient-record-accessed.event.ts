import type { PurposeOfUse } from '@hms/authz';
import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** `label`: only the name and MRN, shown beside another context's record in a list (FindPatientLabels). */
export type PatientAccessKind = 'read' | 'history' | 'search' | 'label';

/** One read of one patient's record, as the serving code knows it. */
export interface PatientAccess {
  readonly patientId: string;
  readonly access: PatientAccessKind;
  /** X-Purpose-Of-Use as its HL7 v3 code (an alias already mapped); TREAT when the client sent none. */
  readonly purposeOfUse: PurposeOfUse;
  /** The break-the-glass grant that alone allowed the read, if any. */
  readonly emergencyGrantId?: string | null;
  /** For searches: the names of the filters used, never their values. */
  readonly filters?: readonly string[];
  /** For a read of the record as it was at an earlier instant (ISO 8601). */
  readonly asOf?: string;
}

export interface PatientAccessPayload {
  readonly patientId: string;
  readonly access: PatientAccessKind;
  /** An HL7 v3 PurposeOfUse code (system v3-ActReason). Entries written before HMS took HL7 codes hold lower-case aliases. */
  readonly purposeOfUse: PurposeOfUse;
  readonly emergencyGrantId?: string;
  /** Marks the access as break-the-glass for the audit access report. */
  readonly breakGlass?: true;
  readonly filters?: readonly string[];
  readonly asOf?: string;
}

/** The payload of an access event: ids, the purpose and filter names; no personal value. */
export function patientAccessPayload(access: PatientAccess): PatientAccessPayload {
  return {
    patientId: access.patientId,
    access: access.access,
    purposeOfUse: access.purposeOfUse,
    ...(access.emergencyGrantId ? { emergencyGrantId: access.emergencyGrantId, breakGlass: true as const } : {}),
    ...(access.filters ? { filters: [...access.filters] } : {}),
    ...(access.asOf ? { asOf: access.asOf } : {}),
  };
}

/**
 * A patient's record was served to someone (GET, a search page, a history, a label):
 * a fact (version 0) on the Patient, audited as a read with the purpose of use.
 */
export class PatientRecordAccessed extends DomainEvent<PatientAccessPayload> {
  static readonly TYPE = 'patients.PatientRecordAccessed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
  static readonly FACT_ONLY = true;

  constructor(access: PatientAccess) {
    super({
      aggregateType: 'Patient',
      aggregateId: access.patientId,
      aggregateVersion: 0,
      payload: patientAccessPayload(access),
    });
  }
}
