import { Query } from '@nestjs/cqrs';
import type { RoleView } from '../role-view.js';

export class ListRoles extends Query<RoleView[]> {}
