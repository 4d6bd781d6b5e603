import type { Slot } from '../domain/slot-grid.js';
import { isoInZone } from '../domain/wall-clock.js';

/** A free slot (FHIR Slot, status free): instants in UTC and in the hospital's zone. */
export interface SlotView {
  readonly practitionerId: string;
  readonly departmentId: string;
  /** The schedule it comes from; null for an extra session's slot in a department without one. */
  readonly scheduleId: string | null;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
}

/** The free slots of a range [from, to), by start then practitioner. */
export interface AvailabilityView {
  /** The practitioner asked about; null for a department's availability. */
  readonly practitionerId: string | null;
  /** The department asked about; null for every department of the practitioner. */
  readonly departmentId: string | null;
  readonly hospitalId: string | null;
  /** The hospital's IANA zone; null for a practitioner with no department at all (and so no slot). */
  readonly timeZone: string | null;
  readonly from: string;
  readonly to: string;
  readonly slots: readonly SlotView[];
}

export function slotViewOf(slot: Slot, zone: string): SlotView {
  return {
    practitionerId: slot.practitionerId,
    departmentId: slot.departmentId,
    scheduleId: slot.scheduleId,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    localStart: isoInZone(slot.start, zone),
    localEnd: isoInZone(slot.end, zone),
  };
}
