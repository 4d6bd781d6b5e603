import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { PermissionDefinition } from '@hms/authz';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig, AppRole } from '../../config/app-config.js';
import { BootstrapAdmin } from './application/bootstrap-admin.js';
import { AssignUserRolesHandler } from './application/commands/assign-user-roles.handler.js';
import { ChangePasswordHandler } from './application/commands/change-password.handler.js';
import { CreateRoleHandler } from './application/commands/create-role.handler.js';
import { CreateUserHandler } from './application/commands/create-user.handler.js';
import { DeactivateUserHandler } from './application/commands/deactivate-user.handler.js';
import { DeleteRoleHandler } from './application/commands/delete-role.handler.js';
import { GrantEmergencyAccessHandler } from './application/commands/grant-emergency-access.handler.js';
import { LoginHandler } from './application/commands/login.handler.js';
import { LogoutHandler } from './application/commands/logout.handler.js';
import { ReactivateUserHandler } from './application/commands/reactivate-user.handler.js';
import { RefreshSessionHandler } from './application/commands/refresh-session.handler.js';
import { ResetUserPasswordHandler } from './application/commands/reset-user-password.handler.js';
import { RevokeUserSessionHandler } from './application/commands/revoke-user-session.handler.js';
import { UnlockUserHandler } from './application/commands/unlock-user.handler.js';
import { UpdateRoleHandler } from './application/commands/update-role.handler.js';
import { UpdateUserHandler } from './application/commands/update-user.handler.js';
import { DemoUsersSeeder } from './application/demo-users.seeder.js';
import { PERMISSION_CATALOGUE, PermissionCatalogue } from './application/permission-catalogue.js';
import { RefusedTokenRecorder } from './application/refused-token-recorder.js';
import { CountUsersInHospitalsHandler } from './application/queries/count-users-in-hospitals.handler.js';
import { GetPractitionerHandler } from './application/queries/get-practitioner.handler.js';
import { FindPractitionersHandler } from './application/queries/find-practitioners.handler.js';
import { FindUsersHandler } from './application/queries/find-users.handler.js';
import { GetMeHandler } from './application/queries/get-me.handler.js';
import { GetRoleHandler } from './application/queries/get-role.handler.js';
import { GetUserHandler } from './application/queries/get-user.handler.js';
import { ListEmergencyGrantsHandler } from './application/queries/list-emergency-grants.handler.js';
import { ListPermissionsHandler } from './application/queries/list-permissions.handler.js';
import { ListRolesHandler } from './application/queries/list-roles.handler.js';
import { ListUserSessionsHandler } from './application/queries/list-user-sessions.handler.js';
import { UserCreator } from './application/user-creator.js';
import { UserReadScope } from './application/user-read-scope.js';
import { UserViews } from './application/user-views.js';
import { AuthController } from './http/auth.controller.js';
import { PermissionsController } from './http/permissions.controller.js';
import { RolesController } from './http/roles.controller.js';
import { UsersController } from './http/users.controller.js';
import { accessTokenJwtOptions } from './infrastructure/access-token-jwt-options.js';
import { AuthGuard } from './infrastructure/auth.guard.js';
import { JwtStrategy } from './infrastructure/jwt.strategy.js';
import { AddressKey } from './infrastructure/address-key.js';
import { AuthStateStore } from './infrastructure/auth-state.store.js';
import { EmailKey } from './infrastructure/email-key.js';
import { PasswordHasher } from './infrastructure/password-hasher.js';
import { RoleRepository } from './infrastructure/role.repository.js';
import { SessionRepository } from './infrastructure/session.repository.js';
import { SignInHousekeeping } from './infrastructure/sign-in-housekeeping.js';
import { SignInThrottleRepository } from './infrastructure/sign-in-throttle.repository.js';
import { TokenService } from './infrastructure/token-service.js';
import { UserRepository } from './infrastructure/user.repository.js';
import { UsualAddressRepository } from './infrastructure/usual-address.repository.js';
import { VerifiedTokenCache } from './infrastructure/verified-token-cache.js';

/** Identity and access: users, roles, sessions, tokens, and the global authentication guard. */
@Module({})
export class AuthModule {
  static forRoot(catalogue: readonly PermissionDefinition[], role: AppRole): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: AuthModule,
      imports: [
        // Signs access tokens (TokenService); JwtStrategy verifies them on requests with the same keys and checks.
        JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => accessTokenJwtOptions(config.auth) }),
      ],
      controllers: [AuthController, PermissionsController, UsersController, RolesController],
      providers: [
        { provide: PERMISSION_CATALOGUE, useValue: new PermissionCatalogue(catalogue) },
        { provide: APP_GUARD, useClass: AuthGuard },
        JwtStrategy,
        VerifiedTokenCache,
        RefusedTokenRecorder,
        AuthStateStore,
        EmailKey,
        AddressKey,
        PasswordHasher,
        RoleRepository,
        SessionRepository,
        SignInThrottleRepository,
        UsualAddressRepository,
        TokenService,
        UserRepository,
        UserCreator,
        UserViews,
        UserReadScope,
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
        // Administration of users and roles.
        CreateUserHandler,
        UpdateUserHandler,
        DeactivateUserHandler,
        ReactivateUserHandler,
        UnlockUserHandler,
        AssignUserRolesHandler,
        RevokeUserSessionHandler,
        ResetUserPasswordHandler,
        CreateRoleHandler,
        UpdateRoleHandler,
        DeleteRoleHandler,
        FindUsersHandler,
        GetUserHandler,
        ListUserSessionsHandler,
        ListRolesHandler,
        GetRoleHandler,
        // Asked by other contexts through index.ts.
        CountUsersInHospitalsHandler,
        GetPractitionerHandler,
        FindPractitionersHandler,
        // The worker prunes sign-in counts nothing reads any more.
        ...(worker ? [SignInHousekeeping] : []),
      ],
    };
  }
}
