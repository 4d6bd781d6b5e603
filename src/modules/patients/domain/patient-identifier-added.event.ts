import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/**
 * A patient now carries another system's identifier (ADR 38). Version 0, as
 * care links: the identifiers are not part of the versioned record, so the
 * patient's version and history do not change. The value is an MRN in clear,
 * as PatientRegistered carries HMS's own.
 */
export class PatientIdentifierAdded extends DomainEvent<{
  readonly patientId: string;
  readonly assignerHospitalId: string;
  readonly value: string;
}> {
  static readonly TYPE = 'patients.PatientIdentifierAdded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(patientId: string, assignerHospitalId: string, value: string) {
    super({
      aggregateType: 'Patient',
      aggregateId: patientId,
      aggregateVersion: 0,
      payload: { patientId, assignerHospitalId, value },
    });
  }
}
