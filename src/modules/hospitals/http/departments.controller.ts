import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Response } from 'express';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { CreateDepartment } from '../application/commands/create-department.command.js';
import { UpdateDepartment } from '../application/commands/update-department.command.js';
import { FindDepartments } from '../application/queries/find-departments.query.js';
import { GetDepartment } from '../application/queries/get-department.query.js';
import { CreateDepartmentRequest } from './create-department.request.js';
import { DepartmentPageResponse } from './department-page.response.js';
import { DepartmentResponse } from './department.response.js';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { UpdateDepartmentRequest } from './update-department.request.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

const notFound = ApiNotFoundResponse({ description: 'No such hospital, or no such department in it', content: PROBLEM_CONTENT });
const codeTaken = ApiConflictResponse({
  description: 'Another department of the hospital has the code',
  content: PROBLEM_CONTENT,
});

/** Departments, each within one hospital. */
@ApiTags('hospitals')
@Controller({ path: 'hospitals/:id/departments', version: '1' })
export class DepartmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('hospitals:manage')
  @ApiOperation({ summary: 'Add a department to a hospital', operationId: 'createDepartment' })
  @ApiCreatedResponse({ type: DepartmentResponse, headers: VERSION_TAG_HEADER })
  @notFound
  @codeTaken
  async create(
    @Param('id', ParseUUIDPipe) hospitalId: string,
    @Body() body: CreateDepartmentRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DepartmentResponse> {
    const department = await this.commands.execute(new CreateDepartment(actor, hospitalId, { name: body.name, code: body.code }));
    res.setHeader('Location', `/api/v1/hospitals/${hospitalId}/departments/${department.id}`);
    setVersionTag(res, department.version);
    return department;
  }

  @Get()
  @RequirePermission('hospitals:read')
  @ApiOperation({ summary: 'Departments of a hospital, by code', operationId: 'listDepartments' })
  @ApiOkResponse({ type: DepartmentPageResponse })
  @notFound
  list(@Param('id', ParseUUIDPipe) hospitalId: string, @Query() query: PageRequest): Promise<DepartmentPageResponse> {
    return this.queries.execute(new FindDepartments(hospitalId, query.page, query.pageSize));
  }

  @Get(':departmentId')
  @RequirePermission('hospitals:read')
  @ApiOperation({ summary: 'One department', operationId: 'getDepartment' })
  @ApiOkResponse({ type: DepartmentResponse, headers: VERSION_TAG_HEADER })
  @notFound
  async get(
    @Param('id', ParseUUIDPipe) hospitalId: string,
    @Param('departmentId', ParseUUIDPipe) departmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DepartmentResponse> {
    const department = await this.queries.execute(new GetDepartment(hospitalId, departmentId));
    setVersionTag(res, department.version);
    return department;
  }

  @Patch(':departmentId')
  @RequirePermission('hospitals:manage')
  @ApiOperation({ summary: 'Rename a department or change its code', operationId: 'updateDepartment' })
  @ApiOkResponse({ type: DepartmentResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @notFound
  @codeTaken
  async update(
    @Param('id', ParseUUIDPipe) hospitalId: string,
    @Param('departmentId', ParseUUIDPipe) departmentId: string,
    @Body() body: UpdateDepartmentRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DepartmentResponse> {
    const department = await this.commands.execute(
      new UpdateDepartment(actor, hospitalId, departmentId, version, { name: body.name, code: body.code }),
    );
    setVersionTag(res, department.version);
    return department;
  }
}
