import { applyDecorators, Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import type { AppointmentView } from '../application/appointment-view.js';
import { CancelAppointment } from '../application/commands/cancel-appointment.command.js';
import { CheckInAppointment } from '../application/commands/check-in-appointment.command.js';
import { CompleteAppointment } from '../application/commands/complete-appointment.command.js';
import { RecordNoShow } from '../application/commands/record-no-show.command.js';
import { RescheduleAppointment } from '../application/commands/reschedule-appointment.command.js';
import { StartAppointment } from '../application/commands/start-appointment.command.js';
import { AppointmentResponse } from './appointment.response.js';
import { CancelAppointmentRequest } from './cancel-appointment.request.js';
import { RescheduleAppointmentRequest } from './reschedule-appointment.request.js';

/**
 * Every step answers the appointment after it with its ETag. If-Match is
 * optional: each step is decided on the locked row by the status machine,
 * so a stale client can never overwrite a later state (a second cancel is
 * 409, not a second fee); sent, it must name the current version (412).
 */
const STEP = applyDecorators(
  HttpCode(HttpStatus.OK),
  ApiOkResponse({ type: AppointmentResponse, headers: VERSION_TAG_HEADER }),
  ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the version you read, e.g. "3"; optional' }),
  ApiResponse({ status: 412, description: 'If-Match named a version that is no longer current', content: PROBLEM_CONTENT }),
  ApiNotFoundResponse({ description: 'No such appointment, or one outside your scope (audited)', content: PROBLEM_CONTENT }),
);

const INVALID_TRANSITION =
  '409 APPOINTMENT.INVALID_STATUS_TRANSITION when the appointment’s status does not allow the step ' +
  '(its detail names the status; action names the step).';

/** What follows a booking (FHIR Appointment statuses): reschedule, cancel, no-show, check-in, start, complete. */
@ApiTags('appointments')
@Controller({ path: 'appointments', version: '1' })
export class AppointmentLifecycleController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reschedule')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Move a booked appointment to another slot of its practitioner in its department',
    description:
      'At most twice (422 APPOINTMENT.RESCHEDULE_LIMIT_REACHED: cancel and book anew) and no later than 60 minutes before ' +
      'the current start (422 APPOINTMENT.RESCHEDULE_TOO_LATE, details.latest). The new slot passes every booking rule, each ' +
      'with its code as for POST /appointments, the daily limit counted on the new local day; 409 APPOINTMENT.SLOT_TAKEN ' +
      '(details.nextFreeSlot) or APPOINTMENT.PATIENT_DOUBLE_BOOKED keep the old time. A walk-in or an overbooked ' +
      'appointment is not one at its new time unless walkIn or overbookReason say so again. The price stays as booked; ' +
      'every time held is kept in order, and rescheduleCount goes up by one. 400 for the appointment’s current time. ' +
      INVALID_TRANSITION,
    operationId: 'rescheduleAppointment',
  })
  @STEP
  @ApiConflictResponse({ description: 'The slot is taken, the patient is booked then, or not booked', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({
    description: 'A reschedule or booking rule refused it (its code says which)',
    content: PROBLEM_CONTENT,
  })
  async reschedule(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RescheduleAppointmentRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    const command = new RescheduleAppointment(writer, id, version, {
      start: instantOf('start', body.start),
      end: body.end === undefined ? undefined : instantOf('end', body.end),
      walkIn: body.walkIn,
      overbookReason: body.overbookReason,
    });
    return tagged(res, await this.commands.execute(command));
  }

  @Post(':id/cancel')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Cancel a booked appointment before its start, with a reason',
    description:
      'The fee is fixed once, with the cancellation: 0 % more than 120 minutes before the start (any prepayment refunded ' +
      'in full: AppointmentCancelled says refundInFull for billing), 50 % of the price from then on; ' +
      'cancellation.feePercent and feeMinor (integer minor units, rounded half up). From the start on, 409 ' +
      'APPOINTMENT.CANCEL_AFTER_START (details.noShowFrom). ' +
      INVALID_TRANSITION +
      ' A second cancel is that 409 and writes nothing.',
    operationId: 'cancelAppointment',
  })
  @STEP
  @ApiConflictResponse({ description: 'Started already, or not booked (cancelled already)', content: PROBLEM_CONTENT })
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelAppointmentRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return tagged(res, await this.commands.execute(new CancelAppointment(writer, id, version, body.reason)));
  }

  @Post(':id/no-show')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'Record that the patient of a booked appointment did not come',
    description:
      'From 15 minutes after the start (409 APPOINTMENT.NO_SHOW_TOO_EARLY before, details.from); the fee is 100 % of the ' +
      'price (noShowFee), fixed once. ' +
      INVALID_TRANSITION,
    operationId: 'recordNoShow',
  })
  @STEP
  @ApiConflictResponse({ description: 'Too early, or not booked', content: PROBLEM_CONTENT })
  async noShow(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return tagged(res, await this.commands.execute(new RecordNoShow(writer, id, version)));
  }

  @Post(':id/check-in')
  @RequirePermission('appointments:book')
  @ApiOperation({
    summary: 'The patient has arrived: booked → arrived',
    description: INVALID_TRANSITION,
    operationId: 'checkInAppointment',
  })
  @STEP
  @ApiConflictResponse({ description: 'Not booked', content: PROBLEM_CONTENT })
  async checkIn(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return tagged(res, await this.commands.execute(new CheckInAppointment(writer, id, version)));
  }

  @Post(':id/start')
  @RequirePermission('appointments:attend')
  @ApiOperation({
    summary: 'Start the visit of an arrived patient, opening its EMR encounter',
    description:
      'Opens an ambulatory encounter, in progress, in the appointment’s hospital and department with its practitioner ' +
      'attending, written by you: the EMR’s rules apply and its errors are answered as they are (your emr:write must ' +
      'cover the department, 422 EMR.DEPARTMENT_OUT_OF_SCOPE; the patient within your patients:read, 404; both audited). ' +
      'The encounter and the appointment naming it (encounterId) are written together or not at all. The status stays ' +
      'arrived. 409 APPOINTMENT.INVALID_STATUS_TRANSITION when not arrived or started already.',
    operationId: 'startAppointment',
  })
  @STEP
  @ApiConflictResponse({ description: 'Not arrived, or started already', content: PROBLEM_CONTENT })
  @ApiUnprocessableEntityResponse({ description: 'The EMR refused the encounter (its code says why)', content: PROBLEM_CONTENT })
  async start(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return tagged(res, await this.commands.execute(new StartAppointment(writer, id, version)));
  }

  @Post(':id/complete')
  @RequirePermission('appointments:attend')
  @ApiOperation({
    summary: 'End a started visit: arrived → fulfilled',
    description:
      'Only once the visit was started (409 APPOINTMENT.INVALID_STATUS_TRANSITION otherwise). The EMR encounter is ' +
      'finished in the EMR, by its own rules.',
    operationId: 'completeAppointment',
  })
  @STEP
  @ApiConflictResponse({ description: 'Not started, or not arrived', content: PROBLEM_CONTENT })
  async complete(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return tagged(res, await this.commands.execute(new CompleteAppointment(writer, id, version)));
  }
}

function tagged(res: Response, appointment: AppointmentView): AppointmentView {
  setVersionTag(res, appointment.version);
  return appointment;
}
