import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { DepartmentDetails } from '../../domain/department-details.js';
import type { DepartmentView } from '../department-view.js';

export class CreateDepartment extends Command<DepartmentView> {
  constructor(
    readonly actor: Actor,
    readonly hospitalId: string,
    readonly details: DepartmentDetails,
  ) {
    super();
  }
}
