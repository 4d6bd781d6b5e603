import { DomainEvent } from '@hms/ddd';

export class DepartmentUpdated extends DomainEvent<{ readonly hospitalId: string; readonly changedFields: readonly string[] }> {
  constructor(departmentId: string, version: number, hospitalId: string, changedFields: readonly string[]) {
    super({
      aggregateType: 'Department',
      aggregateId: departmentId,
      aggregateVersion: version,
      payload: { hospitalId, changedFields },
    });
  }
}
