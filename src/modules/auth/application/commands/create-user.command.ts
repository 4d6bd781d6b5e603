import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { NewUserInput } from '../user-creator.js';
import type { UserView } from '../user-view.js';

export class CreateUser extends Command<UserView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly input: NewUserInput,
  ) {
    super();
  }
}
