import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export interface PatientRecordUnreadablePayload {
  readonly patientId: string;
}

/**
 * A read opened a patient's record and found a stored ciphertext that failed
 * its integrity check, so nothing was served. Recorded after the read's own
 * access event (which is written with the row, ADR 29): the trail shows the
 * attempt and that it released nothing. The id only.
 */
export class PatientRecordUnreadable extends DomainEvent<PatientRecordUnreadablePayload> {
  static readonly TYPE = 'patients.PatientRecordUnreadable.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'read', outcome: 'failure' };
  static readonly FACT_ONLY = true;

  constructor(patientId: string) {
    super({ aggregateType: 'Patient', aggregateId: patientId, aggregateVersion: 0, payload: { patientId } });
  }
}
