import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '@hms/ddd';
import { DAY_LIST_STATUSES, isCalendarDate } from '../../domain/practitioner-day.js';
import { AppointmentListing } from '../appointment-listing.js';
import type { PractitionerDayView } from '../practitioner-day-view.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { GetPractitionerDay } from './get-practitioner-day.query.js';

/** A day holds the daily limit and a few overbookings; this many is far past any real day, so one page is the day. */
export const MAX_DAY_APPOINTMENTS = 500;

@QueryHandler(GetPractitionerDay)
export class GetPractitionerDayHandler implements IQueryHandler<GetPractitionerDay, PractitionerDayView> {
  constructor(
    private readonly calendars: PractitionerCalendars,
    private readonly listing: AppointmentListing,
  ) {}

  async execute({ reader, practitionerId, date }: GetPractitionerDay): Promise<PractitionerDayView> {
    if (!isCalendarDate(date)) {
      throw new InvalidInputError('The date is invalid; see errors.', [
        { field: 'date', message: 'date must be a calendar date written YYYY-MM-DD' },
      ]);
    }
    await this.calendars.practitioner(practitionerId);
    const { items } = await this.listing.page(
      reader,
      { practitionerId, localDate: date, statuses: DAY_LIST_STATUSES, holdsInForceOnly: true },
      MAX_DAY_APPOINTMENTS,
    );
    return { practitionerId, date, items };
  }
}
