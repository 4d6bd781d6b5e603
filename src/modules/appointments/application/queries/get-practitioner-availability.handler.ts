import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '@hms/ddd';
import { availabilityRangeErrors } from '../../domain/availability-range.js';
import { type AvailabilityView, slotViewOf } from '../availability-view.js';
import { FreeSlots } from '../free-slots.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { GetPractitionerAvailability } from './get-practitioner-availability.query.js';

/**
 * FreeSlots over the practitioner's schedules: the slots a booking would
 * accept, until someone takes them. A practitioner whose account is not
 * active offers none (a booking would be refused).
 */
@QueryHandler(GetPractitionerAvailability)
export class GetPractitionerAvailabilityHandler implements IQueryHandler<GetPractitionerAvailability, AvailabilityView> {
  constructor(
    private readonly calendars: PractitionerCalendars,
    private readonly freeSlots: FreeSlots,
  ) {}

  async execute({ practitionerId, from, to, departmentId, now }: GetPractitionerAvailability): Promise<AvailabilityView> {
    const errors = availabilityRangeErrors(from, to);
    if (errors.length > 0) throw new InvalidInputError('The range is invalid; see errors.', errors);
    const practitioner = await this.calendars.practitioner(practitionerId);
    const asked = { practitionerId, departmentId: departmentId ?? null, from: from.toISOString(), to: to.toISOString() };
    // Any of their departments gives the hospital's zone and clinic hours: a practitioner works in one hospital.
    const placeOf = departmentId ?? practitioner.view.departmentId ?? practitioner.departmentIds[0];
    if (!placeOf) {
      const hospitalId = practitioner.view.hospitalId;
      const timeZone = hospitalId ? await this.calendars.zoneOf(hospitalId) : null;
      return { ...asked, hospitalId, timeZone, slots: [] };
    }
    const place = await this.calendars.place(placeOf, practitioner.view.hospitalId);
    const slots =
      practitioner.view.status === 'active'
        ? await this.freeSlots.between([practitionerId], place, from, to, now, { departmentOnly: departmentId !== undefined })
        : [];
    return {
      ...asked,
      hospitalId: place.hospitalId,
      timeZone: place.zone,
      slots: slots.map((slot) => slotViewOf(slot, place.zone)),
    };
  }
}
