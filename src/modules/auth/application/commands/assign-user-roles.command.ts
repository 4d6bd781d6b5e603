import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { UserView } from '../user-view.js';

/** Replaces the user's roles with exactly these. */
export class AssignUserRoles extends Command<UserView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly userId: string,
    readonly roles: readonly string[],
  ) {
    super();
  }
}
