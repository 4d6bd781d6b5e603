import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import { CurrentReader, type RequestReader } from '../../../infrastructure/http/current-reader.decorator.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import type { PractitionerDayView } from '../application/practitioner-day-view.js';
import { GetPractitionerDay } from '../application/queries/get-practitioner-day.query.js';
import { PractitionerDayRequest } from './practitioner-day.request.js';
import { PractitionerDayResponse } from './practitioner-day.response.js';

/** A doctor's day list. */
@ApiTags('appointments')
@Controller({ path: 'practitioners/:id/day', version: '1' })
export class PractitionerDayController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('appointments:read')
  @ApiOperation({
    summary: 'A doctor’s appointments on one local date, by start, within your appointments:read scope',
    description:
      'Every appointment of the date in the hospital’s zone but cancelled ones (released and lapsed holds included) and those ' +
      'entered in error; holds in force are listed, as they hold the time. Scopes are tested on each appointment: own (you ' +
      'are its practitioner), department, hospital. Each appointment of a patient served is recorded in the audit trail ' +
      '(patients.PatientDataAccessed, appointments.appointments) with the purpose of use; a hold naming no patient yet ' +
      'carries no patient data and is listed without one. patient shows the name and MRN where your patients:read covers ' +
      'the patient. 400 for a date that is not a calendar date.',
    operationId: 'getPractitionerDay',
  })
  @ApiPurposeOfUse('Why you read the day list')
  @ApiOkResponse({ type: PractitionerDayResponse })
  @ApiNotFoundResponse({ description: 'No such practitioner (a doctor)', content: PROBLEM_CONTENT })
  day(
    @Param('id', ParseUUIDPipe) practitionerId: string,
    @Query() query: PractitionerDayRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<PractitionerDayView> {
    return this.queries.execute(new GetPractitionerDay(reader, practitionerId, query.date));
  }
}
