import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import type { PractitionerProfilePage, PractitionerProfileView } from '../application/practitioner-profile-view.js';
import { GetPractitionerProfile } from '../application/queries/get-practitioner-profile.query.js';
import { ListPractitioners } from '../application/queries/list-practitioners.query.js';
import { ListPractitionersRequest } from './list-practitioners.request.js';
import { PractitionerPageResponse } from './practitioner-page.response.js';
import { PractitionerResponse } from './practitioner.response.js';

/** Doctors for booking screens (FHIR Practitioner): staff whose profession is a doctor’s. No patient data. */
@ApiTags('appointments')
@Controller({ path: 'practitioners', version: '1' })
export class PractitionersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('schedules:read')
  @ApiOperation({
    summary: 'Doctors, by display name (page-number pages)',
    description:
      'Staff whose profession is doctor or physician, with their specialty and every department they work in (their own, ' +
      'and each one they hold a schedule in). departmentId matches either; specialty matches the account’s specialty ' +
      '(users.specialty) whole, case-insensitively. hasMore says whether another page follows.',
    operationId: 'listPractitioners',
  })
  @ApiOkResponse({ type: PractitionerPageResponse })
  list(@Query() query: ListPractitionersRequest): Promise<PractitionerProfilePage> {
    return this.queries.execute(
      new ListPractitioners(
        { hospitalId: query.hospitalId, departmentId: query.departmentId, specialty: query.specialty, status: query.status },
        query.page,
        query.pageSize,
      ),
    );
  }

  @Get(':id')
  @RequirePermission('schedules:read')
  @ApiOperation({ summary: 'One doctor', operationId: 'getPractitioner' })
  @ApiOkResponse({ type: PractitionerResponse })
  @ApiNotFoundResponse({ description: 'No such user, or one who is not a doctor', content: PROBLEM_CONTENT })
  get(@Param('id', ParseUUIDPipe) practitionerId: string): Promise<PractitionerProfileView> {
    return this.queries.execute(new GetPractitionerProfile(practitionerId));
  }
}
