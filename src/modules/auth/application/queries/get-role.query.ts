import { Query } from '@nestjs/cqrs';
import type { RoleView } from '../role-view.js';

export class GetRole extends Query<RoleView> {
  constructor(readonly roleId: string) {
    super();
  }
}
