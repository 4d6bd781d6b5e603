import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
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
import { type AppAbility, CurrentAbility, CurrentActor, CurrentPrincipal, type Principal, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Response } from 'express';
import { AssignUserRoles } from '../application/commands/assign-user-roles.command.js';
import { CreateUser } from '../application/commands/create-user.command.js';
import { DeactivateUser } from '../application/commands/deactivate-user.command.js';
import { ReactivateUser } from '../application/commands/reactivate-user.command.js';
import { ResetUserPassword } from '../application/commands/reset-user-password.command.js';
import { RevokeUserSession } from '../application/commands/revoke-user-session.command.js';
import { UnlockUser } from '../application/commands/unlock-user.command.js';
import { UpdateUser } from '../application/commands/update-user.command.js';
import { FindUsers } from '../application/queries/find-users.query.js';
import { GetUser } from '../application/queries/get-user.query.js';
import { ListUserSessions } from '../application/queries/list-user-sessions.query.js';
import { AssignRolesRequest } from './assign-roles.request.js';
import { CreateUserRequest } from './create-user.request.js';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { FindUsersRequest } from './find-users.request.js';
import { ResetPasswordRequest } from './reset-password.request.js';
import { SessionResponse } from './session.response.js';
import { UpdateUserRequest } from './update-user.request.js';
import { UserPageResponse } from './user-page.response.js';
import { UserResponse } from './user.response.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

const notFound = ApiNotFoundResponse({ description: 'No such user, or one outside your scope', content: PROBLEM_CONTENT });

/** Administration of staff accounts. */
@ApiTags('auth')
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('users:manage')
  @ApiOperation({ summary: 'Create a staff account with roles whose permissions you hold', operationId: 'createUser' })
  @ApiCreatedResponse({ type: UserResponse, headers: VERSION_TAG_HEADER })
  @ApiConflictResponse({ description: 'The email is taken (whatever its case)', content: PROBLEM_CONTENT })
  async create(
    @Body() body: CreateUserRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const user = await this.commands.execute(new CreateUser(principal, actor, body));
    res.setHeader('Location', `/api/v1/users/${user.id}`);
    setVersionTag(res, user.version);
    return user;
  }

  @Get()
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'Staff accounts in your scope, by display name', operationId: 'listUsers' })
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: FindUsersRequest, @CurrentAbility() ability: AppAbility): Promise<UserPageResponse> {
    return this.queries.execute(new FindUsers(query, ability));
  }

  @Get(':id')
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'One staff account', operationId: 'getUser' })
  @ApiOkResponse({ type: UserResponse, headers: VERSION_TAG_HEADER })
  @notFound
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentAbility() ability: AppAbility,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const user = await this.queries.execute(new GetUser(id, ability, actor));
    setVersionTag(res, user.version);
    return user;
  }

  @Patch(':id')
  @RequirePermission('users:manage')
  @ApiOperation({ summary: 'Change the profile or placement of a staff account', operationId: 'updateUser' })
  @ApiOkResponse({ type: UserResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @notFound
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const changes = {
      displayName: body.displayName,
      hospitalId: body.hospitalId,
      departmentId: body.departmentId,
      profession: body.profession,
      specialty: body.specialty,
      licenceNumber: body.licenceNumber,
    };
    const user = await this.commands.execute(new UpdateUser(actor, id, version, changes));
    setVersionTag(res, user.version);
    return user;
  }

  @Post(':id/deactivate')
  @RequirePermission('users:manage')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate an account: no sign-in, every session ends at once',
    operationId: 'deactivateUser',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'Your own account, or the last active administrator', content: PROBLEM_CONTENT })
  @notFound
  deactivate(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<UserResponse> {
    return this.commands.execute(new DeactivateUser(principal, actor, id));
  }

  @Post(':id/reactivate')
  @RequirePermission('users:manage')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a deactivated account', operationId: 'reactivateUser' })
  @ApiOkResponse({ type: UserResponse })
  @notFound
  reactivate(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.commands.execute(new ReactivateUser(actor, id));
  }

  @Post(':id/unlock')
  @RequirePermission('users:manage')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Lift a lockout after failed sign-ins and reset the count', operationId: 'unlockUser' })
  @ApiOkResponse({ type: UserResponse })
  @notFound
  unlock(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.commands.execute(new UnlockUser(actor, id));
  }

  @Put(':id/roles')
  @RequirePermission('users:manage')
  @ApiOperation({
    summary: 'Replace the roles of an account; you must hold every permission of the roles you add',
    operationId: 'assignUserRoles',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'It would remove the last active administrator', content: PROBLEM_CONTENT })
  @notFound
  assignRoles(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignRolesRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<UserResponse> {
    return this.commands.execute(new AssignUserRoles(principal, actor, id, body.roles));
  }

  @Get(':id/sessions')
  @RequirePermission('users:read')
  @ApiOperation({ summary: 'Open sessions of an account, newest first', operationId: 'listUserSessions' })
  @ApiOkResponse({ type: [SessionResponse] })
  @notFound
  sessions(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentAbility() ability: AppAbility,
    @CurrentActor() actor: Actor,
  ): Promise<SessionResponse[]> {
    return this.queries.execute(new ListUserSessions(id, ability, actor));
  }

  @Delete(':id/sessions/:sessionId')
  @RequirePermission('users:manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one session of an account (a lost device)', operationId: 'revokeUserSession' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such session of this user', content: PROBLEM_CONTENT })
  async revokeSession(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(new RevokeUserSession(actor, id, sessionId));
  }

  @Post(':id/reset-password')
  @RequirePermission('users:manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password for an account; every session of it ends',
    operationId: 'resetUserPassword',
  })
  @ApiNoContentResponse()
  @notFound
  async resetPassword(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResetPasswordRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(new ResetUserPassword(principal, actor, id, body.newPassword));
  }
}
