import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { UserView } from '../user-view.js';

export class DeactivateUser extends Command<UserView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly userId: string,
  ) {
    super();
  }
}
