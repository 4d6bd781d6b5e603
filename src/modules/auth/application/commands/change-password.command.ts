import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { Principal } from '@hms/authz';

export class ChangePassword extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly currentPassword: string,
    readonly newPassword: string,
  ) {
    super();
  }
}
