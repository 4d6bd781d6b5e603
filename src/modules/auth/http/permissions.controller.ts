import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@hms/authz';
import { ListPermissions } from '../application/queries/list-permissions.query.js';
import { PermissionResponse } from './auth.dto.js';

@ApiTags('auth')
@Controller({ path: 'permissions', version: '1' })
export class PermissionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The permission catalogue: every permission and the scopes it offers',
    operationId: 'listPermissions',
  })
  @ApiOkResponse({ type: [PermissionResponse] })
  list(): Promise<PermissionResponse[]> {
    return this.queries.execute(new ListPermissions()) as Promise<PermissionResponse[]>;
  }
}
