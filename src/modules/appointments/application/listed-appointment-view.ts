import type { PatientLabel } from '../../patients/index.js';
import type { AppointmentView } from './appointment-view.js';

/** An appointment in a list: its patient's name and MRN only where the reader's patients:read covers the patient. */
export interface ListedAppointmentView extends AppointmentView {
  readonly patient: PatientLabel | null;
}

/** A keyset page of appointments, by start then id. */
export interface AppointmentPage {
  readonly items: readonly ListedAppointmentView[];
  readonly nextCursor: string | null;
}
