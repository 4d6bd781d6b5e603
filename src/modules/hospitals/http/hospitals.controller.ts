import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Response } from 'express';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { RegisterHospital } from '../application/commands/register-hospital.command.js';
import { UpdateHospital } from '../application/commands/update-hospital.command.js';
import { FindHospitals } from '../application/queries/find-hospitals.query.js';
import { GetHospital } from '../application/queries/get-hospital.query.js';
import { FindHospitalsRequest } from './find-hospitals.request.js';
import { HospitalPageResponse } from './hospital-page.response.js';
import { HospitalResponse } from './hospital.response.js';
import { RegisterHospitalRequest } from './register-hospital.request.js';
import { UpdateHospitalRequest } from './update-hospital.request.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

/** The hospital registry. */
@ApiTags('hospitals')
@Controller({ path: 'hospitals', version: '1' })
export class HospitalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('hospitals:manage')
  @ApiOperation({ summary: 'Register a hospital (inactive unless isActive is given)', operationId: 'registerHospital' })
  @ApiCreatedResponse({ type: HospitalResponse, headers: VERSION_TAG_HEADER })
  async register(
    @Body() body: RegisterHospitalRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HospitalResponse> {
    const hospital = await this.commands.execute(new RegisterHospital(actor, body));
    res.setHeader('Location', `/api/v1/hospitals/${hospital.id}`);
    setVersionTag(res, hospital.version);
    return hospital;
  }

  @Get()
  @RequirePermission('hospitals:read')
  @ApiOperation({ summary: 'Hospitals by name, filtered by name, activity or import batch', operationId: 'listHospitals' })
  @ApiOkResponse({ type: HospitalPageResponse })
  list(@Query() query: FindHospitalsRequest): Promise<HospitalPageResponse> {
    return this.queries.execute(
      new FindHospitals({
        name: query.name || undefined,
        isActive: query.isActive,
        batchId: query.batchId,
        page: query.page,
        pageSize: query.pageSize,
      }),
    );
  }

  @Get(':id')
  @RequirePermission('hospitals:read')
  @ApiOperation({ summary: 'One hospital', operationId: 'getHospital' })
  @ApiOkResponse({ type: HospitalResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({ description: 'No such hospital', content: PROBLEM_CONTENT })
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<HospitalResponse> {
    const hospital = await this.queries.execute(new GetHospital(id));
    setVersionTag(res, hospital.version);
    return hospital;
  }

  @Patch(':id')
  @RequirePermission('hospitals:manage')
  @ApiOperation({ summary: 'Change a hospital: name, address, phone, activity, time zone', operationId: 'updateHospital' })
  @ApiOkResponse({ type: HospitalResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiNotFoundResponse({ description: 'No such hospital', content: PROBLEM_CONTENT })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateHospitalRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HospitalResponse> {
    const changes = {
      name: body.name,
      address: body.address,
      phone: body.phone,
      isActive: body.isActive,
      timeZone: body.timeZone,
    };
    const hospital = await this.commands.execute(new UpdateHospital(actor, id, version, changes));
    setVersionTag(res, hospital.version);
    return hospital;
  }
}
