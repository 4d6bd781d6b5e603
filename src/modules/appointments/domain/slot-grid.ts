import { DEFAULT_SLOT_MINUTES, inForceOn, type ScheduleException, type ScheduleRule } from './schedule.js';
import { addDays, instantAt, localTimeOf, minutesOfClock, weekdayOf } from './wall-clock.js';

/** A hospital's opening hours in its own zone, minutes since local midnight. */
export interface ClinicHours {
  readonly opens: number;
  readonly closes: number;
}

export const DEFAULT_CLINIC_HOURS: ClinicHours = { opens: 9 * 60, closes: 18 * 60 };

/** One bookable slot of a practitioner in a department. */
export interface Slot {
  readonly practitionerId: string;
  readonly departmentId: string;
  /** The schedule it comes from; null for an extra session's slot without one. */
  readonly scheduleId: string | null;
  readonly start: Date;
  readonly end: Date;
}

export interface SlotGridInput {
  readonly practitionerId: string;
  readonly schedules: readonly ScheduleRule[];
  readonly exceptions: readonly ScheduleException[];
  readonly clinic: ClinicHours;
  readonly zone: string;
  /** Slots starting in [from, to). */
  readonly from: Date;
  readonly to: Date;
  readonly departmentId?: string;
}

/** The longest range one grid is computed over, in local days: bounds the work a query can ask for. */
export const MAX_GRID_DAYS = 62;

const MINUTE = 60_000;

/**
 * Every slot a practitioner's schedules make in [from, to): each weekly
 * interval on each local date it is in force cut into slot-long pieces from
 * its start, plus extra sessions, within clinic hours, minus leave and
 * blocked periods. Local wall-clock times are turned into instants one by
 * one, so a daylight-saving change moves them with the clocks: a slot is
 * never lost, doubled or shifted; a wall-clock time the change skips makes
 * no slot, nor does a slot the change falls inside (whose real length is
 * not its length). Sorted by start; one slot per start and department.
 */
export function slotsOf(input: SlotGridInput): Slot[] {
  const { zone, clinic } = input;
  const closed = input.exceptions.filter((e) => e.kind !== 'extra');
  const slots = new Map<string, Slot>();
  const add = (departmentId: string, scheduleId: string | null, date: string, startMinute: number, length: number) => {
    if (startMinute < clinic.opens || startMinute + length > clinic.closes) return;
    const start = instantAt(date, startMinute, zone);
    const end = instantAt(date, startMinute + length, zone);
    // A change of the clocks inside the slot would stretch it (90 minutes in October) or leave it no end.
    if (!start || !end || end.getTime() - start.getTime() !== length * MINUTE) return;
    if (start < input.from || start >= input.to) return;
    if (closed.some((e) => e.start < end && start < e.end)) return;
    const key = `${start.getTime()}|${departmentId}`;
    if (!slots.has(key)) slots.set(key, { practitionerId: input.practitionerId, departmentId, scheduleId, start, end });
  };
  const schedules = input.schedules.filter((s) => !input.departmentId || s.departmentId === input.departmentId);
  const first = localTimeOf(input.from, zone).date;
  const last = localTimeOf(new Date(input.to.getTime() - 1), zone).date;
  for (let date = first, n = 0; date <= last && n <= MAX_GRID_DAYS; date = addDays(date, 1), n++) {
    const weekday = weekdayOf(date);
    for (const schedule of schedules) {
      if (!inForceOn(schedule, date)) continue;
      for (const interval of schedule.weeklyHours) {
        if (interval.weekday !== weekday) continue;
        const start = minutesOfClock(interval.start)!;
        const end = minutesOfClock(interval.end)!;
        for (let m = start; m + schedule.slotMinutes <= end; m += schedule.slotMinutes) {
          add(schedule.departmentId, schedule.id, date, m, schedule.slotMinutes);
        }
      }
    }
  }
  for (const extra of input.exceptions) {
    if (extra.kind !== 'extra' || !extra.departmentId) continue;
    if (input.departmentId && extra.departmentId !== input.departmentId) continue;
    if (extra.end <= input.from || extra.start >= input.to) continue;
    const local = localTimeOf(extra.start, zone);
    const schedule = input.schedules.find((s) => s.departmentId === extra.departmentId && inForceOn(s, local.date));
    const length = schedule?.slotMinutes ?? DEFAULT_SLOT_MINUTES;
    const endLocal = localTimeOf(extra.end, zone);
    // An extra session lies within one local day (clinic hours); its slots run from its start.
    const endMinute = endLocal.date === local.date ? endLocal.minutes : 24 * 60;
    for (let m = local.minutes; m + length <= endMinute; m += length) {
      add(extra.departmentId, schedule?.id ?? null, local.date, m, length);
    }
  }
  return [...slots.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.departmentId.localeCompare(b.departmentId),
  );
}
