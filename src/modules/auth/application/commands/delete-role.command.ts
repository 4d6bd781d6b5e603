import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';

export class DeleteRole extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly roleId: string,
  ) {
    super();
  }
}
