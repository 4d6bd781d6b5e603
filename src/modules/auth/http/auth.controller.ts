import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor, CurrentPrincipal, type Principal, Public, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Request } from 'express';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { RateLimit } from '../../../infrastructure/http/rate-limit.decorator.js';
import { ChangePassword } from '../application/commands/change-password.command.js';
import { GrantEmergencyAccess } from '../application/commands/grant-emergency-access.command.js';
import { Login } from '../application/commands/login.command.js';
import { Logout } from '../application/commands/logout.command.js';
import { RefreshSession } from '../application/commands/refresh-session.command.js';
import { GetMe } from '../application/queries/get-me.query.js';
import { ListEmergencyGrants } from '../application/queries/list-emergency-grants.query.js';
import {
  AuthTokensResponse,
  ChangePasswordRequest,
  EmergencyAccessRequest,
  EmergencyGrantPageResponse,
  EmergencyGrantQuery,
  EmergencyGrantResponse,
  LoginRequest,
  MeResponse,
  RefreshRequest,
} from './auth.dto.js';

const userAgent = (req: Request) => req.get('user-agent')?.slice(0, 500);

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @RateLimit('login', (config) => ({ limit: config.auth.loginRateLimitPerMinute, windowSeconds: 60 }))
  @ApiOperation({ summary: 'Sign in with email and password', operationId: 'login' })
  @ApiOkResponse({ type: AuthTokensResponse })
  @ApiUnauthorizedResponse({
    description:
      'AUTH.INVALID_CREDENTIALS: the one answer for an unknown email, a wrong password and an account that cannot sign in',
    content: PROBLEM_CONTENT,
  })
  @ApiTooManyRequestsResponse({
    description:
      'AUTH.SIGN_IN_THROTTLED: earlier failures make this address wait (the same answer whether the account exists or not), or the sign-in rate limit; see Retry-After',
    content: PROBLEM_CONTENT,
  })
  login(@Body() body: LoginRequest, @Req() req: Request): Promise<AuthTokensResponse> {
    return this.commands.execute(new Login(body.email, body.password, req.ip, userAgent(req)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @RateLimit('refresh', (config) => ({ limit: config.auth.loginRateLimitPerMinute * 3, windowSeconds: 60 }))
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (rotation; a reused token ends the session)',
    operationId: 'refresh',
  })
  @ApiOkResponse({ type: AuthTokensResponse })
  refresh(@Body() body: RefreshRequest, @Req() req: Request): Promise<AuthTokensResponse> {
    return this.commands.execute(new RefreshSession(body.refreshToken, req.ip, userAgent(req)));
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session', operationId: 'logout' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new Logout(principal, actor, false));
  }

  @Post('logout-all')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End every session of the signed-in user', operationId: 'logoutAll' })
  @ApiNoContentResponse()
  async logoutAll(@CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new Logout(principal, actor, true));
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user: profile, roles, effective permissions', operationId: 'getMe' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.queries.execute(new GetMe(principal)) as Promise<MeResponse>;
  }

  @Post('change-password')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change one’s own password; ends every other session', operationId: 'changePassword' })
  @ApiNoContentResponse()
  async changePassword(
    @Body() body: ChangePasswordRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(new ChangePassword(principal, actor, body.currentPassword, body.newPassword));
  }

  @Post('emergency-access')
  @RequirePermission('patients:emergency-access')
  @ApiOperation({
    summary: 'Break the glass: open one patient record outside your scope for a limited time',
    operationId: 'grantEmergencyAccess',
  })
  @ApiCreatedResponse({ type: EmergencyGrantResponse })
  grantEmergencyAccess(
    @Body() body: EmergencyAccessRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<EmergencyGrantResponse> {
    return this.commands.execute(new GrantEmergencyAccess(principal, actor, body.patientId, body.reason));
  }

  @Get('emergency-access')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Every break-the-glass grant, newest first (auditors)', operationId: 'listEmergencyAccess' })
  @ApiOkResponse({ type: EmergencyGrantPageResponse })
  listEmergencyAccess(@Query() query: EmergencyGrantQuery): Promise<EmergencyGrantPageResponse> {
    return this.queries.execute(new ListEmergencyGrants(query)) as Promise<EmergencyGrantPageResponse>;
  }
}
