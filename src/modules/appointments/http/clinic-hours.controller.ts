import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import { CurrentEditor, type RequestEditor } from '../../../infrastructure/http/current-reader.decorator.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { SetClinicHours } from '../application/commands/set-clinic-hours.command.js';
import { type ClinicHoursView, GetClinicHours } from '../application/queries/get-clinic-hours.query.js';
import { ClinicHoursRequest } from './clinic-hours.request.js';
import { ClinicHoursResponse } from './clinic-hours.response.js';

/** A hospital's clinic hours: no slot is offered or booked outside them. */
@ApiTags('appointments')
@Controller({ path: 'hospitals/:id/clinic-hours', version: '1' })
export class ClinicHoursController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('schedules:read')
  @ApiOperation({ summary: 'A hospital’s clinic hours (09:00 to 18:00 local until set)', operationId: 'getClinicHours' })
  @ApiOkResponse({ type: ClinicHoursResponse })
  @ApiNotFoundResponse({ description: 'No such hospital', content: PROBLEM_CONTENT })
  get(@Param('id', ParseUUIDPipe) hospitalId: string): Promise<ClinicHoursView> {
    return this.queries.execute(new GetClinicHours(hospitalId));
  }

  @Put()
  @RequirePermission('schedules:manage')
  @ApiOperation({
    summary: 'Set a hospital’s clinic hours',
    description:
      'Wall-clock times in the hospital’s zone. Needs schedules:manage over the whole hospital (hospital scope or unscoped; ' +
      'a department head’s answers 404, audited). Appointments already booked outside new hours stay, to be moved. 400 for ' +
      'times that are not HH:MM wall-clock times or a closing time not after the opening.',
    operationId: 'setClinicHours',
  })
  @ApiOkResponse({ type: ClinicHoursResponse })
  @ApiNotFoundResponse({ description: 'No such hospital, or one outside your scope (audited)', content: PROBLEM_CONTENT })
  set(
    @Param('id', ParseUUIDPipe) hospitalId: string,
    @Body() body: ClinicHoursRequest,
    @CurrentEditor() writer: RequestEditor,
  ): Promise<ClinicHoursView> {
    return this.commands.execute(new SetClinicHours(writer, hospitalId, body.opens, body.closes));
  }
}
