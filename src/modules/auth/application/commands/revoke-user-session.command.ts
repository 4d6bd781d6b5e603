import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';

export class RevokeUserSession extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
