import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export class HospitalBatchActivated extends DomainEvent<{ readonly activatedHospitals: number }> {
  static readonly TYPE = 'hospitals.HospitalBatchActivated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(batchId: string, version: number, activatedHospitals: number) {
    super({
      aggregateType: 'HospitalImportBatch',
      aggregateId: batchId,
      aggregateVersion: version,
      payload: { activatedHospitals },
    });
  }
}
