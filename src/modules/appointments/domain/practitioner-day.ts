import { APPOINTMENT_STATUSES, type AppointmentStatus } from './appointment-status.js';

/**
 * What a practitioner's day list shows: every appointment of the local date
 * but those called off (cancelled, released or lapsed holds included) or
 * entered in error. Holds whose time ran out are left out by the query: their
 * status stays `proposed` until a booking lets them go.
 */
export const DAY_LIST_STATUSES: readonly AppointmentStatus[] = APPOINTMENT_STATUSES.filter(
  (status) => status !== 'cancelled' && status !== 'entered-in-error',
);

/** Whether a `YYYY-MM-DD` names a date of the calendar (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
