import type { PurposeOfUse } from '@hms/authz';
import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export interface ServedPatientData {
  /** The current record of the patient whose data was served. */
  readonly patientId: string;
  /** What was served, as the serving context names it (`lab.results`). */
  readonly resourceType: string;
  readonly access: 'read' | 'list';
  readonly purposeOfUse: PurposeOfUse;
  /** The break-the-glass grant that alone allowed the read, if any. */
  readonly emergencyGrantId?: string | null;
  /** The id the reader asked for, when it was a record since merged into `patientId`. */
  readonly requestedPatientId?: string | null;
  /** The records of `resourceType` served, when one event stands for several (a page of a timeline). */
  readonly recordIds?: readonly string[];
  /** The instant of a read of the record as it stood then (`?asOf=`), ISO 8601. */
  readonly asOf?: string | null;
}

export interface PatientDataAccessPayload {
  readonly patientId: string;
  readonly resourceType: string;
  readonly access: 'read' | 'list';
  readonly purposeOfUse: PurposeOfUse;
  readonly emergencyGrantId?: string;
  /** Marks the access as break-the-glass for the audit access report. */
  readonly breakGlass?: true;
  readonly requestedPatientId?: string;
  readonly recordIds?: readonly string[];
  readonly asOf?: string;
}

/**
 * Some context served a patient's clinical data (its own records, through
 * PatientDataAccess): the counterpart of PatientRecordAccessed for data
 * outside the master record. Ids, resource type and purpose; no personal value.
 */
export class PatientDataAccessed extends DomainEvent<PatientDataAccessPayload> {
  static readonly TYPE = 'patients.PatientDataAccessed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'success' };
  static readonly FACT_ONLY = true;

  constructor(access: ServedPatientData) {
    super({
      aggregateType: 'Patient',
      aggregateId: access.patientId,
      aggregateVersion: 0,
      payload: {
        patientId: access.patientId,
        resourceType: access.resourceType,
        access: access.access,
        purposeOfUse: access.purposeOfUse,
        ...(access.emergencyGrantId ? { emergencyGrantId: access.emergencyGrantId, breakGlass: true as const } : {}),
        ...(access.requestedPatientId && access.requestedPatientId !== access.patientId
          ? { requestedPatientId: access.requestedPatientId }
          : {}),
        ...(access.recordIds ? { recordIds: [...access.recordIds] } : {}),
        ...(access.asOf ? { asOf: access.asOf } : {}),
      },
    });
  }
}
