import { AppointmentRuleError } from './appointment-errors.js';

/** FHIR R4 AppointmentStatus. */
export const APPOINTMENT_STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold the practitioner's and the patient's time (the exclusion constraints' predicate). */
export const HOLDING_STATUSES: readonly AppointmentStatus[] = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'checked-in',
  'fulfilled',
];

export type AppointmentAction = 'confirm' | 'reschedule' | 'cancel' | 'no-show' | 'check-in' | 'start' | 'complete' | 'release';

/** From which status each action may be taken; `start` and `complete` also look at the encounter. */
const FROM: Record<AppointmentAction, readonly AppointmentStatus[]> = {
  confirm: ['proposed'],
  release: ['proposed'],
  reschedule: ['booked'],
  cancel: ['booked'],
  'no-show': ['booked'],
  'check-in': ['booked'],
  start: ['arrived'],
  complete: ['arrived'],
};

const MINUTE = 60_000;
export const MAX_RESCHEDULES = 2;
export const RESCHEDULE_CUTOFF_MINUTES = 60;
export const FREE_CANCELLATION_MINUTES = 120;
export const NO_SHOW_AFTER_MINUTES = 15;

export interface AppointmentFacts {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: Date;
  readonly rescheduleCount: number;
  readonly encounterId: string | null;
}

/** 409 unless the action applies to the appointment's status (and, for start and complete, its encounter). */
export function assertCan(appointment: AppointmentFacts, action: AppointmentAction): void {
  const allowed =
    FROM[action].includes(appointment.status) &&
    (action !== 'start' || appointment.encounterId === null) &&
    (action !== 'complete' || appointment.encounterId !== null);
  if (!allowed) {
    const why =
      action === 'complete' && appointment.status === 'arrived'
        ? 'the visit has not been started'
        : action === 'start' && appointment.encounterId
          ? 'the visit was already started'
          : `it is ${appointment.status}`;
    throw new AppointmentRuleError(
      'APPOINTMENT.INVALID_STATUS_TRANSITION',
      `The appointment cannot ${action.replace('-', ' ')}: ${why}.`,
      // `currentStatus`: a problem's own `status` member is the HTTP status.
      { appointmentId: appointment.id, currentStatus: appointment.status, action },
    );
  }
}

/** Rescheduling: at most twice, and not within an hour of the current start. */
export function assertCanReschedule(appointment: AppointmentFacts, now: Date): void {
  assertCan(appointment, 'reschedule');
  if (appointment.rescheduleCount >= MAX_RESCHEDULES) {
    throw new AppointmentRuleError(
      'APPOINTMENT.RESCHEDULE_LIMIT_REACHED',
      `An appointment is rescheduled at most ${MAX_RESCHEDULES} times; cancel it and book anew.`,
      { limit: MAX_RESCHEDULES },
    );
  }
  const cutoff = new Date(appointment.start.getTime() - RESCHEDULE_CUTOFF_MINUTES * MINUTE);
  if (now > cutoff) {
    throw new AppointmentRuleError(
      'APPOINTMENT.RESCHEDULE_TOO_LATE',
      `An appointment is rescheduled no later than ${RESCHEDULE_CUTOFF_MINUTES} minutes before it starts.`,
      { latest: cutoff.toISOString() },
    );
  }
}

/** What a cancellation or a no-show costs, in percent of the consultation price and in minor units. */
export interface Fee {
  readonly percent: 0 | 50 | 100;
  readonly minor: number;
}

/** Half up, in integer minor units: the fee never has a fraction of the smallest coin. */
export function feeOf(priceMinor: number, percent: Fee['percent']): Fee {
  return { percent, minor: Math.floor((priceMinor * percent + 50) / 100) };
}

/** Cancelling before the start: free more than 2 hours ahead, half the price from then on; after the start, 409. */
export function cancellationFee(appointment: AppointmentFacts, priceMinor: number, now: Date): Fee {
  assertCan(appointment, 'cancel');
  if (now >= appointment.start) {
    throw new AppointmentRuleError(
      'APPOINTMENT.CANCEL_AFTER_START',
      'An appointment that has started cannot be cancelled; mark it a no-show from 15 minutes after its start.',
      { noShowFrom: new Date(appointment.start.getTime() + NO_SHOW_AFTER_MINUTES * MINUTE).toISOString() },
    );
  }
  const ahead = appointment.start.getTime() - now.getTime();
  return feeOf(priceMinor, ahead > FREE_CANCELLATION_MINUTES * MINUTE ? 0 : 50);
}

/** A no-show: from 15 minutes after the start, the whole price. */
export function noShowFee(appointment: AppointmentFacts, priceMinor: number, now: Date): Fee {
  assertCan(appointment, 'no-show');
  const from = new Date(appointment.start.getTime() + NO_SHOW_AFTER_MINUTES * MINUTE);
  if (now < from) {
    throw new AppointmentRuleError(
      'APPOINTMENT.NO_SHOW_TOO_EARLY',
      `A no-show is recorded from ${NO_SHOW_AFTER_MINUTES} minutes after the start.`,
      { from: from.toISOString() },
    );
  }
  return feeOf(priceMinor, 100);
}
