import { expandCatalogue, type PermissionDefinition } from '@hms/authz';

/** Injection token of the permission catalogue of every context (wired in app.module.ts). */
export const PERMISSION_CATALOGUE = Symbol('PERMISSION_CATALOGUE');

export class PermissionCatalogue {
  readonly all: ReadonlySet<string>;

  constructor(readonly definitions: readonly PermissionDefinition[]) {
    this.all = new Set(expandCatalogue(definitions));
  }
}
