import type { InvalidField } from '@hms/ddd';
import { minutesOfClock } from './wall-clock.js';

/** Working hours on one weekday (ISO, Monday 1), wall-clock `HH:MM` in the hospital's zone. */
export interface WeeklyInterval {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

/** A practitioner's weekly hours in one department, from a date to an optional last date (FHIR Schedule). */
export interface ScheduleRule {
  readonly id: string;
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly slotMinutes: number;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly weeklyHours: readonly WeeklyInterval[];
}

/** Leave and blocked periods close a practitioner's time in every department; an extra session opens it in one. */
export type ExceptionKind = 'leave' | 'blocked' | 'extra';

export interface ScheduleException {
  readonly id: string;
  readonly kind: ExceptionKind;
  readonly departmentId: string | null;
  readonly start: Date;
  readonly end: Date;
}

export const DEFAULT_SLOT_MINUTES = 30;

/** Field errors of a schedule's weekly hours: malformed or unreal times, empty or overlapping intervals, none a slot long. */
export function weeklyHoursErrors(hours: readonly WeeklyInterval[], slotMinutes: number): InvalidField[] {
  const errors: InvalidField[] = [];
  const parsed: { weekday: number; start: number; end: number; index: number }[] = [];
  hours.forEach((interval, index) => {
    const field = `weeklyHours[${index}]`;
    if (!Number.isInteger(interval.weekday) || interval.weekday < 1 || interval.weekday > 7) {
      errors.push({ field: `${field}.weekday`, message: 'weekday must be 1 (Monday) to 7 (Sunday)' });
    }
    const start = minutesOfClock(interval.start);
    const end = minutesOfClock(interval.end);
    if (start === undefined || start === 24 * 60) {
      errors.push({ field: `${field}.start`, message: 'start must be a wall-clock time HH:MM from 00:00 to 23:59' });
    }
    if (end === undefined)
      errors.push({ field: `${field}.end`, message: 'end must be a wall-clock time HH:MM from 00:00 to 24:00' });
    if (start === undefined || end === undefined) return;
    if (end <= start) {
      errors.push({ field: `${field}.end`, message: 'end must be after start' });
      return;
    }
    if (end - start < slotMinutes) {
      errors.push({ field: `${field}.end`, message: `the interval must hold at least one ${slotMinutes}-minute slot` });
    }
    parsed.push({ weekday: interval.weekday, start, end, index });
  });
  for (const a of parsed) {
    const overlapping = parsed.find((b) => b.index < a.index && b.weekday === a.weekday && b.start < a.end && a.start < b.end);
    if (overlapping) {
      errors.push({
        field: `weeklyHours[${a.index}]`,
        message: `overlaps weeklyHours[${overlapping.index}] on weekday ${a.weekday}; leave a break between intervals`,
      });
    }
  }
  if (hours.length === 0) errors.push({ field: 'weeklyHours', message: 'at least one interval is required' });
  return errors;
}

/** Whether two schedules of one practitioner would have them in two places at once (any department). */
export function schedulesOverlap(a: ScheduleRule, b: ScheduleRule): boolean {
  const aTo = a.effectiveTo ?? '9999-12-31';
  const bTo = b.effectiveTo ?? '9999-12-31';
  if (a.effectiveFrom > bTo || b.effectiveFrom > aTo) return false;
  return a.weeklyHours.some((x) =>
    b.weeklyHours.some((y) => {
      if (x.weekday !== y.weekday) return false;
      const [xs, xe, ys, ye] = [x.start, x.end, y.start, y.end].map((v) => minutesOfClock(v) ?? 0);
      return xs < ye && ys < xe;
    }),
  );
}

/** Whether the schedule is in force on a local date. */
export function inForceOn(schedule: Pick<ScheduleRule, 'effectiveFrom' | 'effectiveTo'>, date: string): boolean {
  return schedule.effectiveFrom <= date && (schedule.effectiveTo === null || date <= schedule.effectiveTo);
}
