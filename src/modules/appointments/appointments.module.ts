import { Module } from '@nestjs/common';
import { AddScheduleExceptionHandler } from './application/commands/add-schedule-exception.handler.js';
import { BookAppointmentHandler } from './application/commands/book-appointment.handler.js';
import { BookSeriesHandler } from './application/commands/book-series.handler.js';
import { CreateScheduleHandler } from './application/commands/create-schedule.handler.js';
import { ReleaseHoldHandler } from './application/commands/release-hold.handler.js';
import { RemoveScheduleExceptionHandler } from './application/commands/remove-schedule-exception.handler.js';
import { UpdateScheduleHandler } from './application/commands/update-schedule.handler.js';
import { FreeSlots } from './application/free-slots.js';
import { PractitionerCalendars } from './application/practitioner-calendars.js';
import { ListSchedulesHandler } from './application/queries/list-schedules.handler.js';
import { AppointmentsController } from './http/appointments.controller.js';
import { SchedulesController } from './http/schedules.controller.js';
import { AppointmentRepository } from './infrastructure/appointment.repository.js';
import { ScheduleRepository } from './infrastructure/schedule.repository.js';

/**
 * Schedules, slots and appointments (ADR 43). Practitioners come from the
 * auth context's contract, hospitals' zones from the hospitals context's,
 * patients through the patients context's access contract.
 */
@Module({
  controllers: [SchedulesController, AppointmentsController],
  providers: [
    ScheduleRepository,
    AppointmentRepository,
    PractitionerCalendars,
    FreeSlots,
    CreateScheduleHandler,
    UpdateScheduleHandler,
    AddScheduleExceptionHandler,
    RemoveScheduleExceptionHandler,
    ListSchedulesHandler,
    BookAppointmentHandler,
    BookSeriesHandler,
    ReleaseHoldHandler,
  ],
})
export class AppointmentsModule {}
