import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { RoleView } from '../role-view.js';

export class UpdateRole extends Command<RoleView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly roleId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    readonly changes: { readonly description?: string; readonly permissions?: readonly string[] },
  ) {
    super();
  }
}
