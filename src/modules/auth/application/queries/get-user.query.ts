import { Query } from '@nestjs/cqrs';
import type { AppAbility } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { UserView } from '../user-view.js';

export class GetUser extends Query<UserView> {
  constructor(
    readonly userId: string,
    readonly ability: AppAbility,
    /** Who asks: a refusal out of scope is audited in their name. */
    readonly actor: Actor,
  ) {
    super();
  }
}
