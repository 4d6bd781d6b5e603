import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { PermissionDefinition } from '@hms/authz';
import { BootstrapAdmin } from './application/bootstrap-admin.js';
import { ChangePasswordHandler } from './application/commands/change-password.handler.js';
import { GrantEmergencyAccessHandler } from './application/commands/grant-emergency-access.handler.js';
import { LoginHandler } from './application/commands/login.handler.js';
import { LogoutHandler } from './application/commands/logout.handler.js';
import { RefreshSessionHandler } from './application/commands/refresh-session.handler.js';
import { DemoUsersSeeder } from './application/demo-users.seeder.js';
import { PERMISSION_CATALOGUE, PermissionCatalogue } from './application/permission-catalogue.js';
import { GetMeHandler } from './application/queries/get-me.handler.js';
import { ListEmergencyGrantsHandler } from './application/queries/list-emergency-grants.handler.js';
import { ListPermissionsHandler } from './application/queries/list-permissions.handler.js';
import { UserCreator } from './application/user-creator.js';
import { AuthController } from './http/auth.controller.js';
import { AuthGuard } from './http/auth.guard.js';
import { PermissionsController } from './http/permissions.controller.js';
import { AuthStateStore } from './infrastructure/auth-state.store.js';
import { EmailKey } from './infrastructure/email-key.js';
import { PasswordHasher } from './infrastructure/password-hasher.js';
import { RoleRepository } from './infrastructure/role.repository.js';
import { SessionRepository } from './infrastructure/session.repository.js';
import { TokenService } from './infrastructure/token-service.js';
import { UserRepository } from './infrastructure/user.repository.js';

/** Identity and access: users, roles, sessions, tokens, and the global authentication guard. */
@Module({})
export class AuthModule {
  static forRoot(catalogue: readonly PermissionDefinition[]): DynamicModule {
    return {
      module: AuthModule,
      controllers: [AuthController, PermissionsController],
      providers: [
        { provide: PERMISSION_CATALOGUE, useValue: new PermissionCatalogue(catalogue) },
        { provide: APP_GUARD, useClass: AuthGuard },
        AuthStateStore,
        EmailKey,
        PasswordHasher,
        RoleRepository,
        SessionRepository,
        TokenService,
        UserRepository,
        UserCreator,
        BootstrapAdmin,
        DemoUsersSeeder,
        LoginHandler,
        RefreshSessionHandler,
        LogoutHandler,
        ChangePasswordHandler,
        GrantEmergencyAccessHandler,
        GetMeHandler,
        ListPermissionsHandler,
        ListEmergencyGrantsHandler,
      ],
    };
  }
}
