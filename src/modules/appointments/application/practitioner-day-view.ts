import type { ListedAppointmentView } from './listed-appointment-view.js';

/** A practitioner's appointments on one local date, by start. */
export interface PractitionerDayView {
  readonly practitionerId: string;
  readonly date: string;
  readonly items: readonly ListedAppointmentView[];
}
