import { Query } from '@nestjs/cqrs';
import type { AppAbility } from '@hms/authz';
import type { UserSearch } from '../../infrastructure/user.repository.js';
import type { UserPage } from '../user-view.js';

export type UserFilter = UserSearch;

export class FindUsers extends Query<UserPage> {
  constructor(
    readonly filter: UserFilter,
    /** The caller's ability: the list shows only users a GET would show them. */
    readonly ability: AppAbility,
  ) {
    super();
  }
}
