import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, InvalidInputError, NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AppointmentRuleError } from '../../domain/appointment-errors.js';
import { occurrencesOf, recurrenceErrors } from '../../domain/series.js';
import { localTimeOf } from '../../domain/wall-clock.js';
import type { AppointmentView } from '../appointment-view.js';
import { AppointmentMetrics } from '../../infrastructure/appointment-metrics.js';
import { PractitionerCalendars } from '../practitioner-calendars.js';
import { BookAppointment } from './book-appointment.command.js';
import { BookSeries, type OccurrenceOutcome, type SeriesOutcome } from './book-series.command.js';

/**
 * One transaction for the whole series; each occurrence is a BookAppointment
 * under its own savepoint, so a refused one undoes only itself. Unless the
 * caller asked for best effort, any refusal rolls the series back (422
 * naming every occurrence's outcome): nothing is half-booked. Occurrences go
 * in date order, so the practitioner's day locks are always taken in the
 * same order and two series cannot deadlock.
 */
@CommandHandler(BookSeries)
export class BookSeriesHandler implements ICommandHandler<BookSeries, SeriesOutcome> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: CommandBus,
    private readonly calendars: PractitionerCalendars,
    private readonly metrics: AppointmentMetrics,
  ) {}

  async execute({ writer, request }: BookSeries): Promise<SeriesOutcome> {
    const practitioner = await this.calendars.practitioner(request.practitionerId);
    const place = await this.calendars.place(request.departmentId, practitioner.view.hospitalId);
    const errors = recurrenceErrors(request.recurrence, localTimeOf(request.start, place.zone).date);
    if (request.end && request.end <= request.start) errors.push({ field: 'end', message: 'end must be after start' });
    if (errors.length > 0) throw new InvalidInputError('The series has invalid fields; see errors.', errors);
    const length = request.end ? request.end.getTime() - request.start.getTime() : undefined;
    const seriesId = uuidv7();
    const now = new Date();

    const outcome = await this.uow.run(writer.actor, async () => {
      const occurrences: OccurrenceOutcome[] = [];
      const appointments: AppointmentView[] = [];
      for (const { date, start } of occurrencesOf(request.start, request.recurrence, place.zone)) {
        if (!start) {
          occurrences.push({
            date,
            start: null,
            appointmentId: null,
            refusal: {
              code: 'APPOINTMENT.OUTSIDE_SCHEDULE',
              message: 'That wall-clock time does not exist on this date (a clock change).',
            },
          });
          continue;
        }
        try {
          const { appointment } = await this.uow.savepoint(() =>
            this.commands.execute(
              new BookAppointment(
                writer,
                {
                  practitionerId: request.practitionerId,
                  departmentId: request.departmentId,
                  patientId: request.patientId,
                  start,
                  end: length === undefined ? undefined : new Date(start.getTime() + length),
                  seriesId,
                },
                { now },
              ),
            ),
          );
          appointments.push(appointment);
          occurrences.push({ date, start: appointment.localStart, appointmentId: appointment.id, refusal: null });
        } catch (error) {
          // Unknown or out-of-scope practitioner, department or patient: the whole series is refused alike.
          if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
          occurrences.push({
            date,
            start: start.toISOString(),
            appointmentId: null,
            refusal: { code: (error as DomainError<string>).code, message: error.message },
          });
        }
      }
      const refused = occurrences.filter((o) => o.refusal).length;
      if (refused > 0 && (!request.bestEffort || appointments.length === 0)) {
        throw new AppointmentRuleError(
          'APPOINTMENT.SERIES_REFUSED',
          `${refused} of ${occurrences.length} occurrences cannot be booked; nothing was booked. See occurrences.`,
          { occurrences },
        );
      }
      return { seriesId, occurrences, appointments };
    });
    // Counted once the series committed: an occurrence rolled back with it was never booked.
    for (const appointment of outcome.appointments) this.metrics.booked({ replayed: false, appointment }, now);
    return outcome;
  }
}
