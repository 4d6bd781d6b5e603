import { Module } from '@nestjs/common';
import { AddScheduleExceptionHandler } from './application/commands/add-schedule-exception.handler.js';
import { BookAppointmentHandler } from './application/commands/book-appointment.handler.js';
import { BookSeriesHandler } from './application/commands/book-series.handler.js';
import { SetClinicHoursHandler } from './application/commands/set-clinic-hours.handler.js';
import { GetClinicHoursHandler } from './application/queries/get-clinic-hours.handler.js';
import { ClinicHoursController } from './http/clinic-hours.controller.js';
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
import { AppointmentTransitions } from './application/appointment-transitions.js';
import { CancelAppointmentHandler } from './application/commands/cancel-appointment.handler.js';
import { CheckInAppointmentHandler } from './application/commands/check-in-appointment.handler.js';
import { CompleteAppointmentHandler } from './application/commands/complete-appointment.handler.js';
import { RecordNoShowHandler } from './application/commands/record-no-show.handler.js';
import { RescheduleAppointmentHandler } from './application/commands/reschedule-appointment.handler.js';
import { StartAppointmentHandler } from './application/commands/start-appointment.handler.js';
import { AppointmentLifecycleController } from './http/appointment-lifecycle.controller.js';
import { AppointmentMetrics } from './infrastructure/appointment-metrics.js';
import { AppointmentListing } from './application/appointment-listing.js';
import { GetAppointmentHandler } from './application/queries/get-appointment.handler.js';
import { GetDepartmentAvailabilityHandler } from './application/queries/get-department-availability.handler.js';
import { GetPractitionerAvailabilityHandler } from './application/queries/get-practitioner-availability.handler.js';
import { GetPractitionerDayHandler } from './application/queries/get-practitioner-day.handler.js';
import { GetPractitionerProfileHandler } from './application/queries/get-practitioner-profile.handler.js';
import { ListAppointmentsHandler } from './application/queries/list-appointments.handler.js';
import { ListPractitionersHandler } from './application/queries/list-practitioners.handler.js';
import { AppointmentQueriesController } from './http/appointment-queries.controller.js';
import { AvailabilityController } from './http/availability.controller.js';
import { PractitionerDayController } from './http/practitioner-day.controller.js';
import { PractitionersController } from './http/practitioners.controller.js';

/**
 * Schedules, slots and appointments (ADR 43). Practitioners come from the
 * auth context's contract, hospitals' zones from the hospitals context's,
 * patients through the patients context's access contract.
 */
@Module({
  controllers: [
    ClinicHoursController,
    SchedulesController,
    AppointmentsController,
    AppointmentLifecycleController,
    PractitionersController,
    AvailabilityController,
    PractitionerDayController,
    AppointmentQueriesController,
  ],
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
    SetClinicHoursHandler,
    GetClinicHoursHandler,
    ReleaseHoldHandler,
    AppointmentMetrics,
    AppointmentTransitions,
    RescheduleAppointmentHandler,
    CancelAppointmentHandler,
    RecordNoShowHandler,
    CheckInAppointmentHandler,
    StartAppointmentHandler,
    CompleteAppointmentHandler,
    AppointmentListing,
    ListPractitionersHandler,
    GetPractitionerProfileHandler,
    GetPractitionerAvailabilityHandler,
    GetDepartmentAvailabilityHandler,
    GetPractitionerDayHandler,
    ListAppointmentsHandler,
    GetAppointmentHandler,
  ],
})
export class AppointmentsModule {}
