import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, CurrentPrincipal, type Principal, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Response } from 'express';
import { CreateRole } from '../application/commands/create-role.command.js';
import { DeleteRole } from '../application/commands/delete-role.command.js';
import { UpdateRole } from '../application/commands/update-role.command.js';
import { GetRole } from '../application/queries/get-role.query.js';
import { ListRoles } from '../application/queries/list-roles.query.js';
import { CreateRoleRequest } from './create-role.request.js';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { RoleResponse } from './role.response.js';
import { UpdateRoleRequest } from './update-role.request.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

const notFound = ApiNotFoundResponse({ description: 'No such role', content: PROBLEM_CONTENT });

/** Roles and their permissions, edited at run time by administrators. */
@ApiTags('auth')
@Controller({ path: 'roles', version: '1' })
export class RolesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('roles:manage')
  @ApiOperation({ summary: 'Every role, with how many users hold it', operationId: 'listRoles' })
  @ApiOkResponse({ type: [RoleResponse] })
  list(): Promise<RoleResponse[]> {
    return this.queries.execute(new ListRoles());
  }

  @Get(':id')
  @RequirePermission('roles:manage')
  @ApiOperation({ summary: 'One role', operationId: 'getRole' })
  @ApiOkResponse({ type: RoleResponse, headers: VERSION_TAG_HEADER })
  @notFound
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<RoleResponse> {
    const role = await this.queries.execute(new GetRole(id));
    setVersionTag(res, role.version);
    return role;
  }

  @Post()
  @RequirePermission('roles:manage')
  @ApiOperation({ summary: 'Create a role from catalogue permissions you hold', operationId: 'createRole' })
  @ApiCreatedResponse({ type: RoleResponse, headers: VERSION_TAG_HEADER })
  @ApiConflictResponse({ description: 'The name is taken', content: PROBLEM_CONTENT })
  async create(
    @Body() body: CreateRoleRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoleResponse> {
    const role = await this.commands.execute(
      new CreateRole(principal, actor, body.name, body.description ?? '', body.permissions),
    );
    res.setHeader('Location', `/api/v1/roles/${role.id}`);
    setVersionTag(res, role.version);
    return role;
  }

  @Patch(':id')
  @RequirePermission('roles:manage')
  @ApiOperation({
    summary: 'Change the description or permissions of a role; holders get the change on their next request',
    operationId: 'updateRole',
  })
  @ApiOkResponse({ type: RoleResponse, headers: VERSION_TAG_HEADER })
  @ApiConflictResponse({ description: 'The admin role is read-only', content: PROBLEM_CONTENT })
  @ApiIfMatch()
  @notFound
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateRoleRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoleResponse> {
    const role = await this.commands.execute(
      new UpdateRole(principal, actor, id, version, { description: body.description, permissions: body.permissions }),
    );
    setVersionTag(res, role.version);
    return role;
  }

  @Delete(':id')
  @RequirePermission('roles:manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a custom role nobody holds', operationId: 'deleteRole' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'A built-in role, or one somebody holds', content: PROBLEM_CONTENT })
  @notFound
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new DeleteRole(actor, id));
  }
}
