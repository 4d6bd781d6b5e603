import { describe, expect, it } from '@jest/globals';
import { AppointmentRuleError } from './appointment-errors.js';
import {
  type AppointmentAction,
  type AppointmentFacts,
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  assertCan,
  assertCanReschedule,
  cancellationFee,
  feeOf,
  HOLDING_STATUSES,
  noShowFee,
} from './appointment-status.js';

const MINUTE = 60_000;
const start = new Date('2027-03-11T10:00:00Z');
const beforeStart = (minutes: number) => new Date(start.getTime() - minutes * MINUTE);
const afterStart = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

const ACTIONS: readonly AppointmentAction[] = [
  'confirm',
  'reschedule',
  'cancel',
  'no-show',
  'check-in',
  'start',
  'complete',
  'release',
];

const appointment = (status: AppointmentStatus = 'booked', overrides: Partial<AppointmentFacts> = {}): AppointmentFacts => ({
  id: 'a1',
  status,
  start,
  rescheduleCount: 0,
  encounterId: null,
  ...overrides,
});

function refusalOf(run: () => unknown): AppointmentRuleError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppointmentRuleError);
    return error as AppointmentRuleError;
  }
  throw new Error('expected a refusal');
}

const allowedFrom = (encounterId: string | null) =>
  Object.fromEntries(
    APPOINTMENT_STATUSES.map((status) => [
      status,
      ACTIONS.filter((action) => {
        try {
          assertCan(appointment(status, { encounterId }), action);
          return true;
        } catch (error) {
          if ((error as AppointmentRuleError).code !== 'APPOINTMENT.INVALID_STATUS_TRANSITION') throw error;
          return false;
        }
      }),
    ]),
  );

describe('assertCan', () => {
  it('allows exactly the transitions of the booking lifecycle, before a visit is started', () => {
    expect(allowedFrom(null)).toEqual({
      proposed: ['confirm', 'release'],
      pending: [],
      booked: ['reschedule', 'cancel', 'no-show', 'check-in'],
      arrived: ['start'],
      fulfilled: [],
      cancelled: [],
      noshow: [],
      'entered-in-error': [],
      'checked-in': [],
      waitlist: [],
    });
  });

  it('completes, and no longer starts, an arrived appointment once its visit is started', () => {
    expect(allowedFrom('e1')).toMatchObject({ arrived: ['complete'], booked: ['reschedule', 'cancel', 'no-show', 'check-in'] });
  });

  it('refuses with APPOINTMENT.INVALID_STATUS_TRANSITION, naming the appointment, status and action', () => {
    const refusal = refusalOf(() => assertCan(appointment('cancelled'), 'cancel'));
    expect(refusal.code).toBe('APPOINTMENT.INVALID_STATUS_TRANSITION');
    expect(refusal.details).toEqual({ appointmentId: 'a1', currentStatus: 'cancelled', action: 'cancel' });
    expect(refusal.message).toBe('The appointment cannot cancel: it is cancelled.');
    expect(refusalOf(() => assertCan(appointment('fulfilled'), 'no-show')).message).toBe(
      'The appointment cannot no show: it is fulfilled.',
    );
  });

  it('says why an arrived appointment cannot start or complete', () => {
    const started = refusalOf(() => assertCan(appointment('arrived', { encounterId: 'e1' }), 'start'));
    expect(started.code).toBe('APPOINTMENT.INVALID_STATUS_TRANSITION');
    expect(started.message).toContain('the visit was already started');
    const notStarted = refusalOf(() => assertCan(appointment('arrived'), 'complete'));
    expect(notStarted.code).toBe('APPOINTMENT.INVALID_STATUS_TRANSITION');
    expect(notStarted.message).toContain('the visit has not been started');
  });

  it('counts as holding time every status but cancelled, no-show, entered-in-error and waitlist', () => {
    expect(APPOINTMENT_STATUSES.filter((s) => !HOLDING_STATUSES.includes(s))).toEqual([
      'cancelled',
      'noshow',
      'entered-in-error',
      'waitlist',
    ]);
  });
});

describe('assertCanReschedule', () => {
  it('allows the first and second reschedule well ahead of the start', () => {
    expect(() => assertCanReschedule(appointment('booked', { rescheduleCount: 0 }), beforeStart(24 * 60))).not.toThrow();
    expect(() => assertCanReschedule(appointment('booked', { rescheduleCount: 1 }), beforeStart(61))).not.toThrow();
  });

  it('refuses a third with APPOINTMENT.RESCHEDULE_LIMIT_REACHED, however early', () => {
    for (const rescheduleCount of [2, 3]) {
      const refusal = refusalOf(() => assertCanReschedule(appointment('booked', { rescheduleCount }), beforeStart(7 * 24 * 60)));
      expect(refusal.code).toBe('APPOINTMENT.RESCHEDULE_LIMIT_REACHED');
      expect(refusal.details).toEqual({ limit: 2 });
    }
  });

  it('refuses within 60 minutes of the start with APPOINTMENT.RESCHEDULE_TOO_LATE, naming the cutoff', () => {
    for (const now of [new Date(beforeStart(60).getTime() + 1), beforeStart(59), beforeStart(1), start, afterStart(30)]) {
      const refusal = refusalOf(() => assertCanReschedule(appointment(), now));
      expect(refusal.code).toBe('APPOINTMENT.RESCHEDULE_TOO_LATE');
      expect(refusal.details).toEqual({ latest: '2027-03-11T09:00:00.000Z' });
    }
    // Exactly an hour ahead is not within the hour: the cutoff itself is the latest instant allowed.
    expect(() => assertCanReschedule(appointment(), beforeStart(60))).not.toThrow();
  });

  it('checks the status first, then the limit, then the cutoff', () => {
    expect(refusalOf(() => assertCanReschedule(appointment('arrived', { rescheduleCount: 5 }), start)).code).toBe(
      'APPOINTMENT.INVALID_STATUS_TRANSITION',
    );
    expect(refusalOf(() => assertCanReschedule(appointment('booked', { rescheduleCount: 2 }), start)).code).toBe(
      'APPOINTMENT.RESCHEDULE_LIMIT_REACHED',
    );
  });
});

describe('cancellationFee', () => {
  it('is free more than 120 minutes before the start', () => {
    expect(cancellationFee(appointment(), 5000, beforeStart(121))).toEqual({ percent: 0, minor: 0 });
    expect(cancellationFee(appointment(), 5000, new Date(beforeStart(120).getTime() - 1))).toEqual({ percent: 0, minor: 0 });
    expect(cancellationFee(appointment(), 5000, beforeStart(3 * 24 * 60))).toEqual({ percent: 0, minor: 0 });
  });

  it('costs half the price 120 minutes before the start or later', () => {
    expect(cancellationFee(appointment(), 5000, beforeStart(120))).toEqual({ percent: 50, minor: 2500 });
    expect(cancellationFee(appointment(), 5000, beforeStart(30))).toEqual({ percent: 50, minor: 2500 });
    expect(cancellationFee(appointment(), 1001, new Date(start.getTime() - 1))).toEqual({ percent: 50, minor: 501 });
  });

  it('refuses at or after the start with APPOINTMENT.CANCEL_AFTER_START, naming when a no-show may be recorded', () => {
    for (const now of [start, afterStart(5), afterStart(120)]) {
      const refusal = refusalOf(() => cancellationFee(appointment(), 5000, now));
      expect(refusal.code).toBe('APPOINTMENT.CANCEL_AFTER_START');
      expect(refusal.details).toEqual({ noShowFrom: '2027-03-11T10:15:00.000Z' });
    }
  });

  it('refuses an appointment that is not booked', () => {
    for (const status of ['proposed', 'arrived', 'cancelled', 'fulfilled'] as const) {
      expect(refusalOf(() => cancellationFee(appointment(status), 5000, beforeStart(600))).code).toBe(
        'APPOINTMENT.INVALID_STATUS_TRANSITION',
      );
    }
  });
});

describe('noShowFee', () => {
  it('refuses before 15 minutes past the start with APPOINTMENT.NO_SHOW_TOO_EARLY, naming when', () => {
    for (const now of [beforeStart(10), start, afterStart(14), new Date(afterStart(15).getTime() - 1)]) {
      const refusal = refusalOf(() => noShowFee(appointment(), 5000, now));
      expect(refusal.code).toBe('APPOINTMENT.NO_SHOW_TOO_EARLY');
      expect(refusal.details).toEqual({ from: '2027-03-11T10:15:00.000Z' });
    }
  });

  it('costs the whole price from 15 minutes past the start', () => {
    expect(noShowFee(appointment(), 5000, afterStart(15))).toEqual({ percent: 100, minor: 5000 });
    expect(noShowFee(appointment(), 999, afterStart(24 * 60))).toEqual({ percent: 100, minor: 999 });
  });

  it('refuses an appointment that is not booked', () => {
    expect(refusalOf(() => noShowFee(appointment('arrived'), 5000, afterStart(30))).code).toBe(
      'APPOINTMENT.INVALID_STATUS_TRANSITION',
    );
    expect(refusalOf(() => noShowFee(appointment('noshow'), 5000, afterStart(30))).code).toBe(
      'APPOINTMENT.INVALID_STATUS_TRANSITION',
    );
  });
});

describe('feeOf', () => {
  it.each([
    [1001, 50, 501],
    [999, 50, 500],
    [1000, 50, 500],
    [1, 50, 1],
    [3, 50, 2],
    [2, 50, 1],
    [0, 50, 0],
    [12345, 0, 0],
    [12345, 100, 12345],
    [1, 100, 1],
  ] as const)('charges %d at %d%% as %d minor units, half up', (price, percent, minor) => {
    const fee = feeOf(price, percent);
    expect(fee).toEqual({ percent, minor });
    expect(Number.isInteger(fee.minor)).toBe(true);
  });
});
