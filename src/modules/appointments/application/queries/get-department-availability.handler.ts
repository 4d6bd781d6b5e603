import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { FindPractitioners } from '../../../auth/index.js';
import { availabilityRangeErrors } from '../../domain/availability-range.js';
import { addDays, localTimeOf } from '../../domain/wall-clock.js';
import { ScheduleRepository } from '../../infrastructure/schedule.repository.js';
import { type AvailabilityView, slotViewOf } from '../availability-view.js';
import { FreeSlots } from '../free-slots.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { GetDepartmentAvailability } from './get-department-availability.query.js';

/**
 * One grid per practitioner holding a schedule of the department in force
 * in the range, the department's slots only; doctors whose account is not
 * active offer none (a booking would be refused).
 */
@QueryHandler(GetDepartmentAvailability)
export class GetDepartmentAvailabilityHandler implements IQueryHandler<GetDepartmentAvailability, AvailabilityView> {
  constructor(
    private readonly queries: QueryBus,
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly calendars: PractitionerCalendars,
    private readonly freeSlots: FreeSlots,
  ) {}

  async execute({ departmentId, from, to, now }: GetDepartmentAvailability): Promise<AvailabilityView> {
    const errors = availabilityRangeErrors(from, to);
    if (errors.length > 0) throw new InvalidInputError('The range is invalid; see errors.', errors);
    const place = await this.calendars.place(departmentId, null);
    const fromDate = addDays(localTimeOf(from, place.zone).date, -1);
    const toDate = addDays(localTimeOf(to, place.zone).date, 1);
    const rows = await this.schedules.ofDepartment(this.uow.manager(), departmentId, fromDate, toDate);
    const scheduled = [...new Set(rows.map((row) => row.practitioner_id))];
    const active =
      scheduled.length === 0
        ? []
        : (
            await this.queries.execute(new FindPractitioners({ ids: scheduled, status: 'active' }, 1, scheduled.length))
          ).items.map((p) => p.id);
    const slots = await this.freeSlots.between(active, place, from, to, now);
    return {
      practitionerId: null,
      departmentId,
      hospitalId: place.hospitalId,
      timeZone: place.zone,
      from: from.toISOString(),
      to: to.toISOString(),
      slots: slots.map((slot) => slotViewOf(slot, place.zone)),
    };
  }
}
