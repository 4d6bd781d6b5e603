import { DomainEvent } from '@hms/ddd';

export class HospitalBatchDeleted extends DomainEvent<{ readonly deletedHospitals: number }> {
  constructor(batchId: string, version: number, deletedHospitals: number) {
    super({
      aggregateType: 'HospitalImportBatch',
      aggregateId: batchId,
      aggregateVersion: version,
      payload: { deletedHospitals },
    });
  }
}
