import { Query } from '@nestjs/cqrs';
import type { AvailabilityView } from '../availability-view.js';

/** The free slots of every doctor with a schedule in the department in [from, to) (at most 31 days). No patient data. */
export class GetDepartmentAvailability extends Query<AvailabilityView> {
  constructor(
    readonly departmentId: string,
    readonly from: Date,
    readonly to: Date,
    readonly now = new Date(),
  ) {
    super();
  }
}
