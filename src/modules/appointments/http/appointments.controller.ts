import { createHash } from 'node:crypto';
import { Body, Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { IdempotencyKey } from '../../../infrastructure/http/idempotency-key.decorator.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import type { AppointmentView } from '../application/appointment-view.js';
import { BookAppointment, type BookingRequest } from '../application/commands/book-appointment.command.js';
import { ReleaseHold } from '../application/commands/release-hold.command.js';
import { BookAppointmentRequest, BookSeriesRequest, HoldRequest } from './book-appointment.request.js';
import { BookSeries, type SeriesOutcome } from '../application/commands/book-series.command.js';
import { AppointmentResponse, SeriesResponse } from './appointment.response.js';

const RULES =
  'Every booking rule has its own code (422 unless said): APPOINTMENT.LEAD_TIME (at least APPOINTMENT_MIN_LEAD_MINUTES ahead, ' +
  'walk-ins aside; details.earliestStart), APPOINTMENT.OUTSIDE_CLINIC_HOURS (the hospital’s local opening hours, 09:00 to ' +
  '18:00 by default), APPOINTMENT.DEPARTMENT_MISMATCH, APPOINTMENT.PRACTITIONER_ON_LEAVE, APPOINTMENT.OUTSIDE_SCHEDULE, ' +
  'APPOINTMENT.SLOT_MISALIGNED (details.slotMinutes, gridStart), APPOINTMENT.DAILY_LIMIT_REACHED ' +
  '(APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER per local day, exact under concurrency), 409 APPOINTMENT.SLOT_TAKEN ' +
  '(details.nextFreeSlot) and 409 APPOINTMENT.PATIENT_DOUBLE_BOOKED (PostgreSQL exclusion constraints: no interleaving ' +
  'of requests books one slot twice), APPOINTMENT.PRACTITIONER_INACTIVE, APPOINTMENT.PATIENT_INACTIVE, 409 ' +
  'APPOINTMENT.PATIENT_MERGED (details.survivingPatientId). The practitioner, department or patient unknown or outside ' +
  'your scope: 404 (audited).';

/** SHA-256 of the body as sent (keys sorted): the same Idempotency-Key with another body is refused. */
function requestHash(body: object): string {
  const canonical = JSON.stringify(body, Object.keys(body).sort());
  return createHash('sha256').update(canonical).digest('hex');
}

function bookingOf(body: HoldRequest & Partial<BookAppointmentRequest>): BookingRequest {
  return {
    practitionerId: body.practitionerId,
    departmentId: body.departmentId,
    patientId: body.patientId,
    start: instantOf('start', body.start),
    end: body.end === undefined ? undefined : instantOf('end', body.end),
    walkIn: body.walkIn,
    overbookReason: body.overbookReason,
    holdId: body.holdId,
  };
}

/** Holding and booking slots (FHIR Appointment). */
@ApiTags('appointments')
@Controller({ path: 'appointments', version: '1' })
export class AppointmentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Book an appointment in a free slot of a practitioner’s schedule',
    description:
      'Instants are ISO 8601 with an offset; the answer gives them in UTC and in the hospital’s zone. ' +
      RULES +
      ' With holdId, the hold becomes the booking (409 APPOINTMENT.HOLD_LAPSED once its time ran out). overbookReason books ' +
      'past the daily limit or into a taken slot: appointments:overbook only (403 APPOINTMENT.OVERBOOK_NOT_ALLOWED), audited.',
    operationId: 'bookAppointment',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Up to 200 visible ASCII characters. The same key with the same body answers the same appointment (200, ' +
      'Idempotent-Replayed: true); with another body, 422 APPOINTMENT.IDEMPOTENCY_KEY_REUSED',
  })
  @ApiCreatedResponse({ type: AppointmentResponse, headers: VERSION_TAG_HEADER })
  @ApiOkResponse({ type: AppointmentResponse, description: 'An Idempotency-Key replayed' })
  @ApiNotFoundResponse({
    description: 'No such practitioner, department, patient or hold, or one outside your scope',
    content: PROBLEM_CONTENT,
  })
  @ApiConflictResponse({
    description: 'The slot is taken, the patient is booked then, or the patient was merged',
    content: PROBLEM_CONTENT,
  })
  @ApiUnprocessableEntityResponse({ description: 'A booking rule refused it (its code says which)', content: PROBLEM_CONTENT })
  @ApiForbiddenResponse({ description: 'Overbooking without appointments:overbook', content: PROBLEM_CONTENT })
  async book(
    @Body() body: BookAppointmentRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    const outcome = await this.commands.execute(
      new BookAppointment(writer, bookingOf(body), {
        idempotencyKey,
        requestSha256: idempotencyKey ? requestHash(body) : undefined,
      }),
    );
    if (outcome.replayed) {
      res.status(HttpStatus.OK);
      res.setHeader('Idempotent-Replayed', 'true');
    }
    setVersionTag(res, outcome.appointment.version);
    res.location(`/api/v1/appointments/${outcome.appointment.id}`);
    return outcome.appointment;
  }

  @Post('series')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Book a recurring series (daily, or weekly on some weekdays) up to a date or a count',
    description:
      'Every occurrence keeps the first one’s wall-clock time (across daylight-saving changes) and passes every booking ' +
      'rule. All or nothing by default: any refusal answers 422 APPOINTMENT.SERIES_REFUSED listing each occurrence’s ' +
      'outcome (booked or its rule’s code) and books none. With bestEffort, the occurrences that pass are booked and the ' +
      'others reported. At most 52 occurrences. Unknown or out-of-scope practitioner, department or patient: 404.',
    operationId: 'bookSeries',
  })
  @ApiCreatedResponse({ type: SeriesResponse })
  @ApiNotFoundResponse({
    description: 'No such practitioner, department or patient, or one outside your scope',
    content: PROBLEM_CONTENT,
  })
  @ApiUnprocessableEntityResponse({ description: 'Some occurrence refused (all or nothing)', content: PROBLEM_CONTENT })
  bookSeries(@Body() body: BookSeriesRequest, @CurrentEditor() writer: RequestEditor): Promise<SeriesOutcome> {
    return this.commands.execute(
      new BookSeries(writer, {
        practitionerId: body.practitionerId,
        departmentId: body.departmentId,
        patientId: body.patientId,
        start: instantOf('start', body.start),
        end: body.end === undefined ? undefined : instantOf('end', body.end),
        recurrence: body.recurrence,
        bestEffort: body.bestEffort === true,
      }),
    );
  }

  @Post('holds')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Hold a slot for APPOINTMENT_HOLD_SECONDS while the patient confirms',
    description:
      'A hold (status proposed) blocks the slot for everyone else exactly like a booking, counts toward the daily limit, and ' +
      'becomes the booking through POST /appointments with holdId, or lapses. The same rules as a booking: ' +
      RULES,
    operationId: 'holdSlot',
  })
  @ApiCreatedResponse({ type: AppointmentResponse })
  @ApiNotFoundResponse({
    description: 'No such practitioner, department or patient, or one outside your scope',
    content: PROBLEM_CONTENT,
  })
  @ApiConflictResponse({ description: 'The slot is taken', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({ description: 'A booking rule refused it', content: PROBLEM_CONTENT })
  async hold(@Body() body: HoldRequest, @CurrentEditor() writer: RequestEditor): Promise<AppointmentView> {
    return (await this.commands.execute(new BookAppointment(writer, bookingOf(body), { hold: true }))).appointment;
  }

  @Delete('holds/:id')
  @RequirePermission('appointments:book')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Release a hold before it lapses',
    description: 'A hold already lapsed or released answers 204 too; one that became a booking, 409 (cancel it instead).',
    operationId: 'releaseHold',
  })
  @ApiNoContentResponse({ description: 'Released' })
  @ApiNotFoundResponse({ description: 'No such hold, or one outside your scope (audited)', content: PROBLEM_CONTENT })
  @ApiConflictResponse({ description: 'The hold became a booking', content: PROBLEM_CONTENT })
  async release(@Param('id', ParseUUIDPipe) holdId: string, @CurrentEditor() writer: RequestEditor): Promise<void> {
    await this.commands.execute(new ReleaseHold(writer, holdId));
  }
}
