import type { Principal } from '@hms/authz';
import { type Actor, InvalidInputError, type InvalidField, NotFoundError } from '@hms/ddd';
import { type UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { AppointmentRuleError } from '../domain/appointment-errors.js';
import { type ScheduleRule, schedulesOverlap, weeklyHoursErrors } from '../domain/schedule.js';
import type { ScheduleRow } from '../infrastructure/schedule-row.js';
import { mayActOn, refusedAppointmentAccess } from './appointment-access.js';
import { scheduleRuleOf } from './practitioner-calendars.js';

/** Whether schedules:manage covers a department of the hospital. */
export const mayManage = (principal: Principal, hospitalId: string, departmentId: string, practitionerId: string) =>
  mayActOn(principal, 'manage', { hospitalId, departmentId, practitionerId, patientId: null }, 'schedules');

/** 400 for broken hours or dates; 409 when another of the practitioner's schedules covers the same hours. */
export function checkSchedule(candidate: ScheduleRule, others: readonly ScheduleRow[]): void {
  const errors: InvalidField[] = weeklyHoursErrors(candidate.weeklyHours, candidate.slotMinutes);
  if (candidate.effectiveTo !== null && candidate.effectiveTo < candidate.effectiveFrom) {
    errors.push({ field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' });
  }
  if (errors.length > 0) throw new InvalidInputError('The schedule has invalid fields; see errors.', errors);
  const clash = others.find((row) => row.id !== candidate.id && schedulesOverlap(candidate, scheduleRuleOf(row)));
  if (clash) {
    throw new AppointmentRuleError(
      'APPOINTMENT.SCHEDULE_CONFLICT',
      'Another schedule of this practitioner covers some of these hours; a practitioner is in one place at a time.',
      { scheduleId: clash.id, departmentId: clash.department_id },
    );
  }
}

/** Refusals out of scope answer 404 and are audited after the rollback. */
export async function refusingOutOfScope<T>(
  uow: UnitOfWork,
  actor: Actor,
  work: (refuse: (type: string, id: string) => never) => Promise<T>,
) {
  let refused: [string, string] | undefined;
  try {
    return await work((type, id) => {
      refused = [type, id];
      throw new NotFoundError(type, id);
    });
  } catch (error) {
    if (refused) await uow.record(actor, refusedAppointmentAccess(actor, 'schedules:manage', ...refused));
    throw error;
  }
}
