import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DomainEvent, InvalidInputError } from '@hms/ddd';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { AppointmentRuleError } from '../../domain/appointment-errors.js';
import { AppointmentHoldReleased, AppointmentRescheduled } from '../../domain/appointment-events.js';
import { assertCanReschedule } from '../../domain/appointment-status.js';
import { slotFor } from '../../domain/booking-rules.js';
import { DEFAULT_SLOT_MINUTES, inForceOn } from '../../domain/schedule.js';
import { localTimeOf } from '../../domain/wall-clock.js';
import { AppointmentRepository } from '../../infrastructure/appointment.repository.js';
import { mayActOn } from '../appointment-access.js';
import { factsOf, scopeOf } from '../appointment-facts.js';
import { snapshotOf } from '../appointment-snapshot.js';
import { AppointmentTransitions } from '../appointment-transitions.js';
import type { AppointmentView } from '../appointment-view.js';
import { bookingConflictOf } from '../booking-conflicts.js';
import { FreeSlots } from '../free-slots.js';
import { type DepartmentPlace, PractitionerCalendars } from '../practitioner-calendars.js';
import { RescheduleAppointment } from './reschedule-appointment.command.js';

const MINUTE = 60_000;

/**
 * Moves a booked appointment, in the booking's rule order: the reschedule
 * rules (at most twice, not within the hour before the current start), then
 * every booking rule for the new slot (slotFor), then, under the advisory
 * locks of the old and the new local day (taken in date order, so two
 * reschedules between the same days cannot deadlock), lapsed holds in the
 * way are let go, the new day's limit is checked when the day changes, and
 * the one row is updated in place: its old period is replaced, never in the
 * way of its new one, and the exclusion constraints refuse any other overlap
 * (answered as the slot taken, with the next free one, and the old time
 * kept). The new time joins the appointment's history of times.
 *
 * A walk-in or overbooked appointment is judged anew: the new time is a
 * walk-in or overbooked only when the request says so again (with
 * appointments:overbook), so a flag given for one time never exempts another.
 * The price and schedule stay those of the booking.
 */
@CommandHandler(RescheduleAppointment)
export class RescheduleAppointmentHandler implements ICommandHandler<RescheduleAppointment, AppointmentView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly transitions: AppointmentTransitions,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: PractitionerCalendars,
    private readonly freeSlots: FreeSlots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ writer, appointmentId, expectedVersion, time }: RescheduleAppointment): Promise<AppointmentView> {
    const now = new Date();
    if (time.end && time.end <= time.start) {
      throw new InvalidInputError('The new time has invalid fields; see errors.', [
        { field: 'end', message: 'end must be after start' },
      ]);
    }
    let place: DepartmentPlace | undefined;
    let practitionerId: string | undefined;
    try {
      return await this.transitions.run(writer, appointmentId, 'reschedule', expectedVersion, async (tx, row) => {
        const db = tx.manager;
        assertCanReschedule(factsOf(row), now);
        const previous = { start: new Date(row.starts_at), end: new Date(row.ends_at) };
        practitionerId = row.practitioner_id;
        const practitioner = await this.calendars.practitioner(row.practitioner_id);
        place = await this.calendars.place(row.department_id, row.hospital_id);
        if (time.overbookReason !== undefined && !mayActOn(writer.principal, 'overbook', scopeOf(row))) {
          throw new AppointmentRuleError(
            'APPOINTMENT.OVERBOOK_NOT_ALLOWED',
            'Overbooking needs appointments:overbook over this department.',
          );
        }
        this.calendars.assertActive(practitioner);

        const { start } = time;
        const calendar = await this.calendars.calendarFor(practitioner, place, start, time.end ?? start, {
          walkIn: time.walkIn === true,
          now,
        });
        let end = time.end;
        if (!end) {
          const date = localTimeOf(start, place.zone).date;
          const schedule = calendar.schedules.find((s) => s.departmentId === row.department_id && inForceOn(s, date));
          end = new Date(start.getTime() + (schedule?.slotMinutes ?? DEFAULT_SLOT_MINUTES) * MINUTE);
        }
        if (start.getTime() === previous.start.getTime() && end.getTime() === previous.end.getTime()) {
          throw new InvalidInputError('The appointment already has this time.', [
            { field: 'start', message: 'start and end are the appointment’s current time' },
          ]);
        }
        slotFor({ practitionerId: row.practitioner_id, departmentId: row.department_id, start, end }, calendar);
        const localDate = localTimeOf(start, place.zone).date;

        for (const day of [...new Set([row.local_date, localDate])].sort()) {
          await this.appointments.lockDay(db, row.practitioner_id, day);
        }
        const events: DomainEvent<unknown>[] = [];
        for (const lapsed of await this.appointments.lapseHolds(db, row.practitioner_id, row.patient_id, start, end)) {
          events.push(new AppointmentHoldReleased(lapsed.version, snapshotOf(lapsed), true));
        }
        // Within its own day the appointment is counted already: only a new day's count can pass the limit.
        const limit = this.config.appointments.dailyLimitPerPractitioner;
        if (
          localDate !== row.local_date &&
          time.overbookReason === undefined &&
          (await this.appointments.countHoldingOnDay(db, row.practitioner_id, localDate, row.id)) >= limit
        ) {
          throw new AppointmentRuleError(
            'APPOINTMENT.DAILY_LIMIT_REACHED',
            `The practitioner already has ${limit} appointments on ${localDate}; choose another day.`,
            { limit, localDate },
          );
        }
        const moved = await this.appointments.update(db, row.id, {
          period: { start, end, localDate },
          rescheduleCount: row.reschedule_count + 1,
          walkIn: time.walkIn === true,
          overbookReason: time.overbookReason ?? null,
        });
        await this.appointments.addPeriod(db, row.id, start, end, writer.actor.id);
        events.push(new AppointmentRescheduled(moved.version, snapshotOf(moved), previous));
        tx.record(...events);
        return moved;
      });
    } catch (error) {
      throw await bookingConflictOf(
        error,
        { practitionerId, place, start: time.start, now, inTransaction: this.uow.inTransaction() },
        this.freeSlots,
      );
    }
  }
}
