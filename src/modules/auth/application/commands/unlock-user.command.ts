import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { UserView } from '../user-view.js';

export class UnlockUser extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {
    super();
  }
}
