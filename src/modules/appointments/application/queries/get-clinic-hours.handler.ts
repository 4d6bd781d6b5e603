import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { DEFAULT_CLINIC_HOURS } from '../../domain/slot-grid.js';
import { clockOf } from '../../domain/wall-clock.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { type ClinicHoursView, GetClinicHours } from './get-clinic-hours.query.js';

@QueryHandler(GetClinicHours)
export class GetClinicHoursHandler implements IQueryHandler<GetClinicHours, ClinicHoursView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ hospitalId }: GetClinicHours): Promise<ClinicHoursView> {
    const timeZone = await this.calendars.zoneOf(hospitalId);
    const own = await this.schedules.clinicHoursOf(this.uow.manager(), hospitalId);
    const hours = own ?? DEFAULT_CLINIC_HOURS;
    return { hospitalId, opens: clockOf(hours.opens), closes: clockOf(hours.closes), timeZone, custom: own !== undefined };
  }
}
