import { Command } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';

export class ResetUserPassword extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly userId: string,
    readonly newPassword: string,
  ) {
    super();
  }
}
