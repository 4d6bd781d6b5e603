import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { exceptionViewOf, scheduleViewOf } from '../schedule-view.js';
import { ListSchedules, type PractitionerSchedules } from './list-schedules.query.js';

const FAR = new Date('9999-01-01T00:00:00Z');

@QueryHandler(ListSchedules)
export class ListSchedulesHandler implements IQueryHandler<ListSchedules, PractitionerSchedules> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
  ) {}

  async execute({ practitionerId, now }: ListSchedules): Promise<PractitionerSchedules> {
    await this.calendars.practitioner(practitionerId);
    const db = this.uow.manager();
    const [schedules, exceptions] = await Promise.all([
      this.schedules.ofPractitioners(db, [practitionerId]),
      this.schedules.exceptionsOf(db, [practitionerId], now, FAR),
    ]);
    const zones = new Map<string, string>();
    const views = [];
    for (const row of exceptions) {
      const zone = zones.get(row.hospital_id) ?? (await this.calendars.zoneOf(row.hospital_id));
      zones.set(row.hospital_id, zone);
      views.push(exceptionViewOf(row, zone));
    }
    return { schedules: schedules.map(scheduleViewOf), exceptions: views };
  }
}
