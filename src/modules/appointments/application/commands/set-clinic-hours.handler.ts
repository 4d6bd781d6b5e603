import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ClinicHoursSet } from '../../domain/clinic-hours-events.js';
import { minutesOfClock } from '../../domain/wall-clock.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { mayActOn, refusedAppointmentAccess } from '../appointment-access.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import type { ClinicHoursView } from '../queries/get-clinic-hours.query.js';
import { SetClinicHours } from './set-clinic-hours.command.js';

/**
 * A hospital's hours are the hospital's: schedules:manage over the whole
 * hospital (its `hospital` scope, or unscoped), not a department head's.
 * Appointments already booked outside new hours stay, to be moved.
 */
@CommandHandler(SetClinicHours)
export class SetClinicHoursHandler implements ICommandHandler<SetClinicHours, ClinicHoursView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ writer: { actor, principal }, hospitalId, opens, closes }: SetClinicHours): Promise<ClinicHoursView> {
    const from = minutesOfClock(opens);
    const to = minutesOfClock(closes);
    const errors = [];
    if (from === undefined || from === 24 * 60) errors.push({ field: 'opens', message: 'opens must be a wall-clock time HH:MM' });
    if (to === undefined)
      errors.push({ field: 'closes', message: 'closes must be a wall-clock time HH:MM (24:00 for midnight)' });
    if (from !== undefined && to !== undefined && to <= from)
      errors.push({ field: 'closes', message: 'closes must be after opens' });
    if (errors.length > 0) throw new InvalidInputError('The clinic hours have invalid fields; see errors.', errors);
    const timeZone = await this.calendars.zoneOf(hospitalId);
    // No department matches '': only a hospital-wide or unscoped schedules:manage covers it.
    if (!mayActOn(principal, 'manage', { hospitalId, departmentId: '', practitionerId: '', patientId: null }, 'schedules')) {
      await this.uow.record(actor, refusedAppointmentAccess(actor, 'schedules:manage', 'Hospital', hospitalId));
      throw new NotFoundError('Hospital', hospitalId);
    }
    return this.uow.run(actor, async (tx) => {
      const version = await this.schedules.setClinicHours(tx.manager, hospitalId, opens, closes);
      tx.record(new ClinicHoursSet(version, { hospitalId, opens, closes }));
      return { hospitalId, opens, closes, timeZone, custom: true };
    });
  }
}
