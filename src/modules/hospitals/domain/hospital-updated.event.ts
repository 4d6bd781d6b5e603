import { DomainEvent } from '@hms/ddd';

export class HospitalUpdated extends DomainEvent<{ readonly changedFields: readonly string[] }> {
  constructor(hospitalId: string, version: number, changedFields: readonly string[]) {
    super({ aggregateType: 'Hospital', aggregateId: hospitalId, aggregateVersion: version, payload: { changedFields } });
  }
}
