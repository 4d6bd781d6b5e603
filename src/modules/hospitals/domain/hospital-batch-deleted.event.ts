import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export class HospitalBatchDeleted extends DomainEvent<{ readonly deletedHospitals: number }> {
  static readonly TYPE = 'hospitals.HospitalBatchDeleted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'delete', outcome: 'success' };

  constructor(batchId: string, version: number, deletedHospitals: number) {
    super({
      aggregateType: 'HospitalImportBatch',
      aggregateId: batchId,
      aggregateVersion: version,
      payload: { deletedHospitals },
    });
  }
}
