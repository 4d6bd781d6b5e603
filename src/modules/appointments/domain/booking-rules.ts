import { AppointmentRuleError } from './appointment-errors.js';
import { DEFAULT_SLOT_MINUTES, inForceOn, type ScheduleException, type ScheduleRule } from './schedule.js';
import { type ClinicHours, type Slot, slotsOf } from './slot-grid.js';
import { clockOf, instantAt, isoInZone, localTimeOf, minutesOfClock, weekdayOf } from './wall-clock.js';

export interface SlotRequest {
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly start: Date;
  readonly end: Date;
}

export interface BookingCalendar {
  readonly now: Date;
  /** APPOINTMENT_MIN_LEAD_MINUTES. */
  readonly leadMinutes: number;
  /** A walk-in is booked from now for today, exempt from the lead time. */
  readonly walkIn: boolean;
  readonly zone: string;
  readonly clinic: ClinicHours;
  /** The departments the practitioner works in. */
  readonly practitionerDepartments: readonly string[];
  readonly schedules: readonly ScheduleRule[];
  readonly exceptions: readonly ScheduleException[];
}

const MINUTE = 60_000;

/**
 * The slot a request names, or the first booking rule it breaks, in the
 * order a receptionist would fix them: lead time, clinic hours, department,
 * leave, schedule, slot grid. Pure: what PostgreSQL must decide under
 * concurrency (taken slots, the daily limit) is not here.
 */
export function slotFor(request: SlotRequest, calendar: BookingCalendar): Slot {
  const { start, end, departmentId } = request;
  const { zone, clinic, now } = calendar;
  const local = localTimeOf(start, zone);
  if (calendar.walkIn) {
    if (start < new Date(now.getTime() - MINUTE) || local.date !== localTimeOf(now, zone).date) {
      throw new AppointmentRuleError('APPOINTMENT.LEAD_TIME', 'A walk-in is booked from now, for a slot later today.', {
        earliestStart: isoInZone(now, zone),
      });
    }
  } else {
    const earliest = new Date(now.getTime() + calendar.leadMinutes * MINUTE);
    if (start < earliest) {
      throw new AppointmentRuleError(
        'APPOINTMENT.LEAD_TIME',
        `An appointment starts at least ${calendar.leadMinutes} minutes from now (walk-ins aside).`,
        { earliestStart: isoInZone(earliest, zone), leadMinutes: calendar.leadMinutes },
      );
    }
  }
  const localEnd = localTimeOf(end, zone);
  const endMinute = localEnd.date === local.date ? localEnd.minutes : localEnd.minutes === 0 ? 24 * 60 : Infinity;
  if (local.minutes < clinic.opens || endMinute > clinic.closes) {
    throw new AppointmentRuleError(
      'APPOINTMENT.OUTSIDE_CLINIC_HOURS',
      `The clinic is open from ${clockOf(clinic.opens)} to ${clockOf(clinic.closes)} local time (${zone}).`,
      { opens: clockOf(clinic.opens), closes: clockOf(clinic.closes), timeZone: zone },
    );
  }
  if (!calendar.practitionerDepartments.includes(departmentId)) {
    throw new AppointmentRuleError('APPOINTMENT.DEPARTMENT_MISMATCH', 'The practitioner does not work in this department.', {
      practitionerDepartmentIds: [...calendar.practitionerDepartments],
    });
  }
  const away = calendar.exceptions.find((e) => e.kind !== 'extra' && e.start < end && start < e.end);
  if (away) {
    throw new AppointmentRuleError(
      'APPOINTMENT.PRACTITIONER_ON_LEAVE',
      `The practitioner is ${away.kind === 'leave' ? 'on leave' : 'not available'} then.`,
      { until: isoInZone(away.end, zone) },
    );
  }
  const slots = slotsOf({
    practitionerId: request.practitionerId,
    schedules: calendar.schedules,
    exceptions: calendar.exceptions,
    clinic,
    zone,
    from: new Date(start.getTime() - 24 * 60 * MINUTE),
    to: new Date(end.getTime() + 24 * 60 * MINUTE),
    departmentId,
  });
  const slot = slots.find((s) => s.start.getTime() === start.getTime() && s.end.getTime() === end.getTime());
  if (slot) return slot;
  const working = workingIntervalsOn(local.date, departmentId, calendar);
  const within = working.find((w) => w.start <= start && end <= w.end);
  if (within) {
    throw new AppointmentRuleError(
      'APPOINTMENT.SLOT_MISALIGNED',
      `Appointments here are ${within.slotMinutes}-minute slots from ${isoInZone(within.start, zone)}.`,
      { slotMinutes: within.slotMinutes, gridStart: isoInZone(within.start, zone) },
    );
  }
  throw new AppointmentRuleError('APPOINTMENT.OUTSIDE_SCHEDULE', 'The practitioner does not work in this department then.');
}

/** The schedule intervals (and extra sessions) of a local date in a department, as instants. */
function workingIntervalsOn(date: string, departmentId: string, calendar: BookingCalendar) {
  const out: { start: Date; end: Date; slotMinutes: number }[] = [];
  const weekday = weekdayOf(date);
  for (const schedule of calendar.schedules) {
    if (schedule.departmentId !== departmentId || !inForceOn(schedule, date)) continue;
    for (const interval of schedule.weeklyHours) {
      if (interval.weekday !== weekday) continue;
      const start = instantAt(date, minutesOfClock(interval.start)!, calendar.zone);
      const end = instantAt(date, minutesOfClock(interval.end)!, calendar.zone);
      if (start && end) out.push({ start, end, slotMinutes: schedule.slotMinutes });
    }
  }
  for (const extra of calendar.exceptions) {
    if (extra.kind === 'extra' && extra.departmentId === departmentId) {
      // The length slotsOf gives the session: its department's schedule in force on its local date.
      const day = localTimeOf(extra.start, calendar.zone).date;
      const schedule = calendar.schedules.find((s) => s.departmentId === departmentId && inForceOn(s, day));
      const slotMinutes = schedule?.slotMinutes ?? DEFAULT_SLOT_MINUTES;
      out.push({ start: extra.start, end: extra.end, slotMinutes });
    }
  }
  return out;
}
