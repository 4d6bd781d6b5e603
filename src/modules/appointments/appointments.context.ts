import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import { APPOINTMENT_PERMISSIONS } from './appointments.permissions.js';
import { AppointmentsModule } from './appointments.module.js';
import type { AppointmentErrorCode } from './domain/appointment-error-code.js';

/** Schedules, slots and appointments: the descriptor src/contexts.ts lists (ADR 43). */
export const appointmentsContext: ContextDescriptor<AppointmentErrorCode> = {
  name: 'appointments',
  modules: () => [AppointmentsModule],
  permissions: APPOINTMENT_PERMISSIONS,
  defaultGrants: {
    doctor: ['appointments:read:own', 'appointments:book:department', 'appointments:attend:department', 'schedules:read'],
    nurse: ['appointments:read:department', 'schedules:read'],
    receptionist: ['appointments:read:hospital', 'appointments:book:hospital', 'schedules:read'],
    billing_clerk: ['appointments:read:hospital'],
    department_head: [
      'appointments:read:department',
      'appointments:book:department',
      'appointments:overbook:department',
      'schedules:read',
      'schedules:manage:department',
    ],
  },
  errorStatus: {
    'APPOINTMENT.LEAD_TIME': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.OUTSIDE_CLINIC_HOURS': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.OUTSIDE_SCHEDULE': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.PRACTITIONER_ON_LEAVE': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.SLOT_MISALIGNED': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.DEPARTMENT_MISMATCH': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.SLOT_TAKEN': HttpStatus.CONFLICT,
    'APPOINTMENT.PATIENT_DOUBLE_BOOKED': HttpStatus.CONFLICT,
    'APPOINTMENT.DAILY_LIMIT_REACHED': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.PATIENT_MERGED': HttpStatus.CONFLICT,
    'APPOINTMENT.PATIENT_INACTIVE': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.PRACTITIONER_INACTIVE': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.NOT_A_PRACTITIONER': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.SCHEDULE_CONFLICT': HttpStatus.CONFLICT,
    'APPOINTMENT.INVALID_STATUS_TRANSITION': HttpStatus.CONFLICT,
    'APPOINTMENT.RESCHEDULE_LIMIT_REACHED': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.RESCHEDULE_TOO_LATE': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.CANCEL_AFTER_START': HttpStatus.CONFLICT,
    'APPOINTMENT.NO_SHOW_TOO_EARLY': HttpStatus.CONFLICT,
    'APPOINTMENT.HOLD_LAPSED': HttpStatus.CONFLICT,
    'APPOINTMENT.IDEMPOTENCY_KEY_REUSED': HttpStatus.UNPROCESSABLE_ENTITY,
    'APPOINTMENT.OVERBOOK_NOT_ALLOWED': HttpStatus.FORBIDDEN,
    'APPOINTMENT.SERIES_REFUSED': HttpStatus.UNPROCESSABLE_ENTITY,
  },
  openApiTags: [
    {
      name: 'appointments',
      description:
        'Practitioners’ schedules and slots in the hospital’s time zone, holds, bookings and their life cycle (FHIR R4 Schedule, Slot, Appointment vocabulary); no double booking, enforced by PostgreSQL',
    },
  ],
  queues: [],
  cliCommands: {},
};
