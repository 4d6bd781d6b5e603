import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

abstract class RoleEvent<P extends object> extends DomainEvent<P> {
  protected constructor(roleId: string, version: number, payload: P) {
    super({ aggregateType: 'Role', aggregateId: roleId, aggregateVersion: version, payload });
  }
}

export class RoleCreated extends RoleEvent<{ readonly name: string; readonly permissions: readonly string[] }> {
  static readonly TYPE = 'auth.RoleCreated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(roleId: string, name: string, permissions: readonly string[]) {
    super(roleId, 1, { name, permissions });
  }
}

export class RoleUpdated extends RoleEvent<{
  readonly name: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly descriptionChanged: boolean;
}> {
  static readonly TYPE = 'auth.RoleUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(
    roleId: string,
    version: number,
    payload: { name: string; added: string[]; removed: string[]; descriptionChanged: boolean },
  ) {
    super(roleId, version, payload);
  }
}

export class RoleDeleted extends RoleEvent<{ readonly name: string }> {
  static readonly TYPE = 'auth.RoleDeleted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'delete', outcome: 'success' };

  constructor(roleId: string, version: number, name: string) {
    super(roleId, version, { name });
  }
}
