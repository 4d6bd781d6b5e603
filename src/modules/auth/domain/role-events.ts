import { DomainEvent } from '@hms/ddd';

abstract class RoleEvent<P extends object> extends DomainEvent<P> {
  protected constructor(roleId: string, version: number, payload: P) {
    super({ aggregateType: 'Role', aggregateId: roleId, aggregateVersion: version, payload });
  }
}

export class RoleCreated extends RoleEvent<{ readonly name: string; readonly permissions: readonly string[] }> {
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
  constructor(
    roleId: string,
    version: number,
    payload: { name: string; added: string[]; removed: string[]; descriptionChanged: boolean },
  ) {
    super(roleId, version, payload);
  }
}

export class RoleDeleted extends RoleEvent<{ readonly name: string }> {
  constructor(roleId: string, version: number, name: string) {
    super(roleId, version, { name });
  }
}
