import { DomainEvent } from '@hms/ddd';

export class DepartmentCreated extends DomainEvent<{ readonly hospitalId: string }> {
  constructor(departmentId: string, hospitalId: string) {
    super({ aggregateType: 'Department', aggregateId: departmentId, aggregateVersion: 1, payload: { hospitalId } });
  }
}
