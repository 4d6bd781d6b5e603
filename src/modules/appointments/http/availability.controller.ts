import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import type { AvailabilityView } from '../application/availability-view.js';
import { GetDepartmentAvailability } from '../application/queries/get-department-availability.query.js';
import { GetPractitionerAvailability } from '../application/queries/get-practitioner-availability.query.js';
import { AvailabilityRequest } from './availability.request.js';
import { AvailabilityResponse } from './availability.response.js';
import { PractitionerAvailabilityRequest } from './practitioner-availability.request.js';

const FREE_SLOTS =
  'Free slots (FHIR Slot, status free): the schedules’ slots in the hospital’s wall-clock time, within its clinic hours, ' +
  'minus leave and blocked periods, plus extra sessions, minus the time bookings and holds in force take, minus days the ' +
  'practitioner has reached APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER on, from APPOINTMENT_MIN_LEAD_MINUTES ahead of now. ' +
  'Each slot in UTC and in the hospital’s zone with its offset then: across a daylight-saving change every local slot ' +
  'stays where the clocks put it. A practitioner whose account is not active offers none. 400 for from or to malformed ' +
  '(ISO 8601 with an offset), to not after from, or a range over 31 days (errors[] names the field).';

/** Free slots of practitioners and departments. No patient data. */
@ApiTags('appointments')
@Controller({ version: '1' })
export class AvailabilityController {
  constructor(private readonly queries: QueryBus) {}

  @Get('practitioners/:id/availability')
  @RequirePermission('schedules:read')
  @ApiOperation({
    summary: 'A doctor’s free slots in [from, to)',
    description: `${FREE_SLOTS} With departmentId, that department’s slots only.`,
    operationId: 'getPractitionerAvailability',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiNotFoundResponse({
    description: 'No such practitioner (a doctor), or no such department of their hospital',
    content: PROBLEM_CONTENT,
  })
  practitioner(
    @Param('id', ParseUUIDPipe) practitionerId: string,
    @Query() query: PractitionerAvailabilityRequest,
  ): Promise<AvailabilityView> {
    return this.queries.execute(
      new GetPractitionerAvailability(
        practitionerId,
        instantOf('from', query.from),
        instantOf('to', query.to),
        query.departmentId,
      ),
    );
  }

  @Get('departments/:id/availability')
  @RequirePermission('schedules:read')
  @ApiOperation({
    summary: 'The free slots of every doctor with a schedule in the department, in [from, to)',
    description: `${FREE_SLOTS} One grid per practitioner, the department’s slots only.`,
    operationId: 'getDepartmentAvailability',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiNotFoundResponse({
    description: 'No such department, or one where no practitioner has ever held a schedule',
    content: PROBLEM_CONTENT,
  })
  department(@Param('id', ParseUUIDPipe) departmentId: string, @Query() query: AvailabilityRequest): Promise<AvailabilityView> {
    return this.queries.execute(
      new GetDepartmentAvailability(departmentId, instantOf('from', query.from), instantOf('to', query.to)),
    );
  }
}
