import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { PractitionerDayView } from '../practitioner-day-view.js';

/** A doctor's day list: the local date's appointments within the reader's appointments:read scopes. */
export class GetPractitionerDay extends Query<PractitionerDayView> {
  constructor(
    readonly reader: PatientReader,
    readonly practitionerId: string,
    /** A calendar date, `YYYY-MM-DD`, in the zone of each appointment's hospital. */
    readonly date: string,
  ) {
    super();
  }
}
