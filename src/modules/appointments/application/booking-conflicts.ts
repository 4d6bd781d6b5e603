import { constraintOf } from '../../../infrastructure/database/sql-state.js';
import { AppointmentRuleError } from '../domain/appointment-errors.js';
import { isoInZone } from '../domain/wall-clock.js';
import { PATIENT_TIME_CONSTRAINT, PRACTITIONER_TIME_CONSTRAINT } from '../infrastructure/appointment.repository.js';
import type { FreeSlots } from './free-slots.js';
import type { DepartmentPlace } from './practitioner-calendars.js';

/** Where a refused write wanted to put an appointment, to suggest the next free slot. */
export interface WantedSlot {
  readonly practitionerId: string | undefined;
  readonly place: DepartmentPlace | undefined;
  readonly start: Date;
  readonly now: Date;
  /** Inside a caller's transaction (a series) the failed statement aborted it: no query can suggest a slot there. */
  readonly inTransaction: boolean;
}

/**
 * The error to answer for a failed write of an appointment's time: the
 * exclusion constraints' violations as the slot taken (with the next free
 * one) or the patient booked then; any other error as it is.
 */
export async function bookingConflictOf(error: unknown, wanted: WantedSlot, freeSlots: FreeSlots): Promise<unknown> {
  const constraint = constraintOf(error);
  if (constraint === PATIENT_TIME_CONSTRAINT) {
    return new AppointmentRuleError('APPOINTMENT.PATIENT_DOUBLE_BOOKED', 'The patient already has an appointment at that time.');
  }
  if (constraint !== PRACTITIONER_TIME_CONSTRAINT) return error;
  const { place, practitionerId } = wanted;
  if (wanted.inTransaction || !place || !practitionerId)
    return new AppointmentRuleError('APPOINTMENT.SLOT_TAKEN', 'The slot is taken.');
  const next = await freeSlots.next(practitionerId, place, wanted.start, wanted.now);
  return new AppointmentRuleError(
    'APPOINTMENT.SLOT_TAKEN',
    next
      ? `The slot is taken; the next free one starts ${isoInZone(next.start, place.zone)}.`
      : 'The slot is taken, and no free slot follows within two weeks.',
    { nextFreeSlot: next ? { start: isoInZone(next.start, place.zone), end: isoInZone(next.end, place.zone) } : null },
  );
}
