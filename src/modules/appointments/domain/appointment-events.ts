import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { AppointmentStatus } from './appointment-status.js';

/**
 * The whole appointment after the change, as ids, codes, instants and
 * amounts: each version in the audit store is complete, and billing and
 * notifications need nothing else. No names, no reasons in free text.
 */
export interface AppointmentSnapshot {
  readonly appointmentId: string;
  /** Files the event under the patient (null for a hold made before the patient was named). */
  readonly patientId: string | null;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly practitionerId: string;
  readonly status: AppointmentStatus;
  readonly start: string;
  readonly end: string;
  /** The start's date in the hospital's zone. */
  readonly localDate: string;
  readonly walkIn: boolean;
  readonly overbooked: boolean;
  readonly seriesId: string | null;
  /** The consultation's price when booked, integer minor units of `currency`. */
  readonly priceMinor: number;
  readonly currency: string;
  readonly rescheduleCount: number;
  readonly encounterId: string | null;
}

abstract class AppointmentEvent<P extends AppointmentSnapshot> extends DomainEvent<P> {
  protected constructor(version: number, payload: P) {
    super({ aggregateType: 'Appointment', aggregateId: payload.appointmentId, aggregateVersion: version, payload });
  }
}

const UPDATE: AuditDeclaration = { action: 'update', outcome: 'success' };

/** A slot held for a few minutes while the patient confirms (status proposed). */
export class AppointmentHeld extends AppointmentEvent<AppointmentSnapshot & { readonly holdExpiresAt: string }> {
  static readonly TYPE = 'appointments.AppointmentHeld.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };
  constructor(snapshot: AppointmentSnapshot, holdExpiresAt: Date) {
    super(1, { ...snapshot, holdExpiresAt: holdExpiresAt.toISOString() });
  }
}

/** A hold let go before it became a booking, by its maker or because its time ran out. */
export class AppointmentHoldReleased extends AppointmentEvent<AppointmentSnapshot & { readonly lapsed: boolean }> {
  static readonly TYPE = 'appointments.AppointmentHoldReleased.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot, lapsed: boolean) {
    super(version, { ...snapshot, lapsed });
  }
}

/** Booked: version 1, or a hold turned into the booking. `overbookReason` only says one was given. */
export class AppointmentBooked extends AppointmentEvent<AppointmentSnapshot> {
  static readonly TYPE = 'appointments.AppointmentBooked.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };
  constructor(version: number, snapshot: AppointmentSnapshot) {
    super(version, snapshot);
  }
}

export class AppointmentRescheduled extends AppointmentEvent<
  AppointmentSnapshot & { readonly previousStart: string; readonly previousEnd: string }
> {
  static readonly TYPE = 'appointments.AppointmentRescheduled.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot, previous: { start: Date; end: Date }) {
    super(version, { ...snapshot, previousStart: previous.start.toISOString(), previousEnd: previous.end.toISOString() });
  }
}

/** A fee of 0, 50 or 100 percent of the price, fixed once: billing bills `feeMinor` (none when 0). */
export interface FeeFacts {
  readonly feePercent: 0 | 50 | 100;
  readonly feeMinor: number;
}

/**
 * Cancelled before the start. `refundInFull`: the cancellation was free, so
 * billing refunds any prepayment in full (there are no payments yet: the
 * flag is the fact billing acts on once there are). The reason stays on
 * the appointment: free text is never in an event.
 */
export class AppointmentCancelled extends AppointmentEvent<AppointmentSnapshot & FeeFacts & { readonly refundInFull: boolean }> {
  static readonly TYPE = 'appointments.AppointmentCancelled.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot, fee: FeeFacts) {
    super(version, { ...snapshot, ...fee, refundInFull: fee.feePercent === 0 });
  }
}

export class AppointmentNoShow extends AppointmentEvent<AppointmentSnapshot & FeeFacts> {
  static readonly TYPE = 'appointments.AppointmentNoShow.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot, fee: FeeFacts) {
    super(version, { ...snapshot, ...fee });
  }
}

export class AppointmentCheckedIn extends AppointmentEvent<AppointmentSnapshot> {
  static readonly TYPE = 'appointments.AppointmentCheckedIn.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot) {
    super(version, snapshot);
  }
}

/** The visit began: `encounterId` is the EMR encounter opened for it. */
export class AppointmentStarted extends AppointmentEvent<AppointmentSnapshot> {
  static readonly TYPE = 'appointments.AppointmentStarted.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot) {
    super(version, snapshot);
  }
}

/** Fulfilled: billing bills the consultation (`priceMinor`) once. */
export class AppointmentCompleted extends AppointmentEvent<AppointmentSnapshot> {
  static readonly TYPE = 'appointments.AppointmentCompleted.v1';
  static readonly AUDIT = UPDATE;
  constructor(version: number, snapshot: AppointmentSnapshot) {
    super(version, snapshot);
  }
}
