import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import { CurrentReader, type RequestReader } from '../../../infrastructure/http/current-reader.decorator.js';
import { setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';
import type { AppointmentDetailView } from '../application/appointment-detail-view.js';
import type { AppointmentPage } from '../application/listed-appointment-view.js';
import { GetAppointment } from '../application/queries/get-appointment.query.js';
import { ListAppointments } from '../application/queries/list-appointments.query.js';
import { AppointmentDetailResponse } from './appointment-detail.response.js';
import { AppointmentPageResponse } from './appointment-page.response.js';
import { ListAppointmentsRequest } from './list-appointments.request.js';

/** Without appointments:read, an appointment answers its 404 (ADR 25), as out of scope does. */
const APPOINTMENT_RECORD = { refusedAsNotFound: { resourceType: 'Appointment', param: 'id' } };

const SCOPES =
  'Scopes of appointments:read are tested on the appointment’s own columns: own (you are its practitioner), department, ' +
  'hospital.';

/** Reading appointments (FHIR Appointment). */
@ApiTags('appointments')
@Controller({ path: 'appointments', version: '1' })
export class AppointmentQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('appointments:read')
  @ApiOperation({
    summary: 'Appointments within your appointments:read scope, by start (keyset pages)',
    description:
      `${SCOPES} Filters combine: practitionerId, patientId, departmentId, status (FHIR names), and a range of starts ` +
      '[from, to). Each appointment of a patient served is recorded in the audit trail (patients.PatientDataAccessed, ' +
      'appointments.appointments, one event per patient on the page naming the appointments) with the purpose of use; a ' +
      'hold naming no patient yet is listed without one. patient shows the name and MRN where your patients:read covers ' +
      'the patient, null otherwise. Pass nextCursor back as cursor, with the same filters, for the next page.',
    operationId: 'listAppointments',
  })
  @ApiPurposeOfUse('Why you read the appointments')
  @ApiOkResponse({ type: AppointmentPageResponse })
  list(@Query() query: ListAppointmentsRequest, @CurrentReader() reader: RequestReader): Promise<AppointmentPage> {
    const from = query.from === undefined ? undefined : instantOf('from', query.from);
    const to = query.to === undefined ? undefined : instantOf('to', query.to);
    if (from && to && to < from) throw new RequestValidationError([{ field: 'to', message: 'to must not be before from' }]);
    return this.queries.execute(
      new ListAppointments(reader, {
        practitionerId: query.practitionerId,
        patientId: query.patientId,
        departmentId: query.departmentId,
        statuses: query.status && [...new Set(query.status)],
        from,
        to,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
  }

  @Get(':id')
  @RequirePermission('appointments:read', APPOINTMENT_RECORD)
  @ApiOperation({
    summary: 'One appointment with its history of times',
    description:
      `${SCOPES} Recorded in the audit trail as read (patients.PatientDataAccessed, appointments.appointments) with the ` +
      'purpose of use, in the statement that loads it; a hold naming no patient yet carries no patient data and records ' +
      'none. Out of scope answers 404 like a missing appointment, audited as AccessDenied. periods lists every time it ' +
      'held, the first booking then each reschedule.',
    operationId: 'getAppointment',
  })
  @ApiPurposeOfUse('Why you read the appointment')
  @ApiOkResponse({ type: AppointmentDetailResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such appointment, one outside your scope, or no appointments:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) appointmentId: string,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentDetailView> {
    const appointment = await this.queries.execute(new GetAppointment(reader, appointmentId));
    setVersionTag(res, appointment.version);
    return appointment;
  }
}
