import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { Principal } from '@hms/authz';

export class Logout extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    /** End every session of the user, not only this one. */
    readonly allSessions: boolean,
  ) {
    super();
  }
}
