import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export class DepartmentUpdated extends DomainEvent<{ readonly hospitalId: string; readonly changedFields: readonly string[] }> {
  static readonly TYPE = 'hospitals.DepartmentUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(departmentId: string, version: number, hospitalId: string, changedFields: readonly string[]) {
    super({
      aggregateType: 'Department',
      aggregateId: departmentId,
      aggregateVersion: version,
      payload: { hospitalId, changedFields },
    });
  }
}
