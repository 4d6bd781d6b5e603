import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { RoleView } from '../role-view.js';

export class CreateRole extends Command<RoleView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly name: string,
    readonly description: string,
    readonly permissions: readonly string[],
  ) {
    super();
  }
}
