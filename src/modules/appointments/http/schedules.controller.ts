import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { instantOf } from '../../../infrastructure/http/instant.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { AddScheduleException } from '../application/commands/add-schedule-exception.command.js';
import { CreateSchedule } from '../application/commands/create-schedule.command.js';
import { RemoveScheduleException } from '../application/commands/remove-schedule-exception.command.js';
import { UpdateSchedule } from '../application/commands/update-schedule.command.js';
import { ListSchedules, type PractitionerSchedules } from '../application/queries/list-schedules.query.js';
import type { ScheduleExceptionView, ScheduleView } from '../application/schedule-view.js';
import { CreateScheduleRequest, ScheduleExceptionRequest, UpdateScheduleRequest } from './schedule.request.js';
import { ScheduleExceptionResponse, ScheduleResponse } from './schedule.response.js';

class PractitionerSchedulesResponse {
  @ApiProperty({ type: [ScheduleResponse] })
  schedules: ScheduleResponse[];
  @ApiProperty({ type: [ScheduleExceptionResponse], description: 'Leave, blocked periods and extra sessions not ended yet' })
  exceptions: ScheduleExceptionResponse[];
}

const SCHEDULE_PROBLEMS =
  '400 for malformed or unreal wall-clock times, intervals that overlap or hold no slot, or dates out of order (errors[] names ' +
  'each); 409 APPOINTMENT.SCHEDULE_CONFLICT when another schedule of the practitioner covers some of the same hours.';

/** Practitioners' schedules and their exceptions (FHIR Schedule), in the hospital's wall-clock time. */
@ApiTags('appointments')
@Controller({ version: '1' })
export class SchedulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('practitioners/:id/schedules')
  @RequirePermission('schedules:manage')
  @ApiOperation({
    summary: 'Give a practitioner weekly hours in a department',
    description:
      'Times are wall-clock times in the hospital’s time zone: slots follow the clocks across daylight-saving changes. ' +
      'The department must be of the practitioner’s hospital and within your schedules:manage scope (404 otherwise, audited). ' +
      SCHEDULE_PROBLEMS,
    operationId: 'createSchedule',
  })
  @ApiCreatedResponse({ type: ScheduleResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such practitioner (a doctor) or department, or one outside your scope',
    content: PROBLEM_CONTENT,
  })
  @ApiConflictResponse({ description: 'Overlaps another schedule of the practitioner', content: PROBLEM_CONTENT })
  async create(
    @Param('id', ParseUUIDPipe) practitionerId: string,
    @Body() body: CreateScheduleRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduleView> {
    const schedule = await this.commands.execute(new CreateSchedule(writer, practitionerId, body));
    setVersionTag(res, schedule.version);
    res.location(`/api/v1/schedules/${schedule.id}`);
    return schedule;
  }

  @Get('practitioners/:id/schedules')
  @RequirePermission('schedules:read')
  @ApiOperation({ summary: 'A practitioner’s schedules and coming exceptions', operationId: 'listSchedules' })
  @ApiOkResponse({ type: PractitionerSchedulesResponse })
  @ApiNotFoundResponse({ description: 'No such practitioner (a doctor)', content: PROBLEM_CONTENT })
  list(@Param('id', ParseUUIDPipe) practitionerId: string): Promise<PractitionerSchedules> {
    return this.queries.execute(new ListSchedules(practitionerId));
  }

  @Patch('schedules/:id')
  @RequirePermission('schedules:manage')
  @ApiOperation({
    summary: 'Change a schedule’s hours, slot length, dates or price',
    description:
      'Appointments already booked keep their time and price. If-Match with the ETag you read (428 without, 412 when stale). ' +
      SCHEDULE_PROBLEMS,
    operationId: 'updateSchedule',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: ScheduleResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({ description: 'No such schedule, or one outside your scope (audited)', content: PROBLEM_CONTENT })
  async update(
    @Param('id', ParseUUIDPipe) scheduleId: string,
    @Body() body: UpdateScheduleRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduleView> {
    const schedule = await this.commands.execute(new UpdateSchedule(writer, scheduleId, version, body));
    setVersionTag(res, schedule.version);
    return schedule;
  }

  @Post('practitioners/:id/leave')
  @RequirePermission('schedules:manage')
  @ApiOperation({
    summary: 'Record leave, a blocked period or an extra session',
    description:
      'leave and blocked close the practitioner’s time in every department (bookings already made stay, to be moved or ' +
      'cancelled); extra opens slots in one department (departmentId), at the schedule’s slot length there. 400 for an end ' +
      'not after its start.',
    operationId: 'addScheduleException',
  })
  @ApiCreatedResponse({ type: ScheduleExceptionResponse })
  @ApiNotFoundResponse({ description: 'No such practitioner, or one outside your scope (audited)', content: PROBLEM_CONTENT })
  addException(
    @Param('id', ParseUUIDPipe) practitionerId: string,
    @Body() body: ScheduleExceptionRequest,
    @CurrentEditor() writer: RequestEditor,
  ): Promise<ScheduleExceptionView> {
    return this.commands.execute(
      new AddScheduleException(writer, practitionerId, {
        kind: body.kind,
        departmentId: body.departmentId,
        start: instantOf('start', body.start),
        end: instantOf('end', body.end),
        reason: body.reason,
      }),
    );
  }

  @Delete('leave/:id')
  @RequirePermission('schedules:manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw leave, a blocked period or an extra session', operationId: 'removeScheduleException' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiNotFoundResponse({ description: 'No such exception, or one outside your scope (audited)', content: PROBLEM_CONTENT })
  async removeException(@Param('id', ParseUUIDPipe) exceptionId: string, @CurrentEditor() writer: RequestEditor): Promise<void> {
    await this.commands.execute(new RemoveScheduleException(writer, exceptionId));
  }
}
