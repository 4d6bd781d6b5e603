// The appointments context's public contract: messages and types only (ADR 14). Other contexts import only from here.
export { APPOINTMENT_PERMISSIONS } from './appointments.permissions.js';
export type { AppointmentErrorCode } from './domain/appointment-error-code.js';
export { APPOINTMENT_STATUSES, type AppointmentStatus } from './domain/appointment-status.js';
export {
  AppointmentHeld,
  AppointmentHoldReleased,
  AppointmentBooked,
  AppointmentRescheduled,
  AppointmentCancelled,
  AppointmentNoShow,
  AppointmentCheckedIn,
  AppointmentStarted,
  AppointmentCompleted,
  type AppointmentSnapshot,
  type FeeFacts,
} from './domain/appointment-events.js';
