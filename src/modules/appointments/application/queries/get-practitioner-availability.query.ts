import { Query } from '@nestjs/cqrs';
import type { AvailabilityView } from '../availability-view.js';

/** A doctor's free slots in [from, to) (at most 31 days), in one department or all of theirs. No patient data. */
export class GetPractitionerAvailability extends Query<AvailabilityView> {
  constructor(
    readonly practitionerId: string,
    readonly from: Date,
    readonly to: Date,
    /** Only this department's slots; every department the practitioner works in when left out. */
    readonly departmentId?: string,
    readonly now = new Date(),
  ) {
    super();
  }
}
