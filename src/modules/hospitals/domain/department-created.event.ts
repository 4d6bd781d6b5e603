import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export class DepartmentCreated extends DomainEvent<{ readonly hospitalId: string }> {
  static readonly TYPE = 'hospitals.DepartmentCreated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(departmentId: string, hospitalId: string) {
    super({ aggregateType: 'Department', aggregateId: departmentId, aggregateVersion: 1, payload: { hospitalId } });
  }
}
