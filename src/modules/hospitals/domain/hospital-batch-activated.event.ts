import { DomainEvent } from '@hms/ddd';

export class HospitalBatchActivated extends DomainEvent<{ readonly activatedHospitals: number }> {
  constructor(batchId: string, version: number, activatedHospitals: number) {
    super({
      aggregateType: 'HospitalImportBatch',
      aggregateId: batchId,
      aggregateVersion: version,
      payload: { activatedHospitals },
    });
  }
}
