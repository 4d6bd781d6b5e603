import type { AppointmentView } from './appointment-view.js';

/** One time the appointment held: the first booking, then each reschedule. */
export interface AppointmentPeriodView {
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** One appointment with its history of times, oldest first (the last is its time now). */
export interface AppointmentDetailView extends AppointmentView {
  readonly periods: readonly AppointmentPeriodView[];
}
