import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import { reconcileRoleMatrix } from './application/reconcile-role-matrix.js';
import { AuthModule } from './auth.module.js';
import { AUTH_PERMISSIONS } from './auth.permissions.js';
import type { AuthErrorCode } from './domain/auth-errors.js';

/** Identity and access: the descriptor src/contexts.ts lists. */
export const authContext: ContextDescriptor<AuthErrorCode> = {
  name: 'auth',
  modules: (config, catalogue) => [AuthModule.forRoot(catalogue.permissions, config.role)],
  permissions: AUTH_PERMISSIONS,
  defaultGrants: {
    doctor: ['patients:emergency-access'],
    nurse: ['patients:emergency-access'],
    auditor: ['users:read'],
  },
  errorStatus: {
    'AUTH.INVALID_CREDENTIALS': HttpStatus.UNAUTHORIZED,
    'AUTH.SIGN_IN_THROTTLED': HttpStatus.TOO_MANY_REQUESTS,
    'AUTH.INVALID_TOKEN': HttpStatus.UNAUTHORIZED,
    'AUTH.SESSION_ENDED': HttpStatus.UNAUTHORIZED,
    'AUTH.REFRESH_TOKEN_REUSED': HttpStatus.UNAUTHORIZED,
    'AUTH.PERMISSION_REQUIRED': HttpStatus.FORBIDDEN,
    'AUTH.CANNOT_GRANT': HttpStatus.FORBIDDEN,
    'AUTH.SELF_GRANT': HttpStatus.FORBIDDEN,
    'AUTH.WEAK_PASSWORD': HttpStatus.BAD_REQUEST,
    'AUTH.UNKNOWN_PERMISSION': HttpStatus.BAD_REQUEST,
    'AUTH.UNKNOWN_ROLE': HttpStatus.BAD_REQUEST,
    'AUTH.EMAIL_TAKEN': HttpStatus.CONFLICT,
    'AUTH.LAST_ADMIN': HttpStatus.CONFLICT,
    'AUTH.BUILT_IN_ROLE': HttpStatus.CONFLICT,
    'AUTH.ROLE_IN_USE': HttpStatus.CONFLICT,
    'AUTH.ROLE_NAME_TAKEN': HttpStatus.CONFLICT,
  },
  openApiTags: [
    {
      name: 'auth',
      description:
        'Sign-in, sessions and break-the-glass access; staff accounts, roles and the permission catalogue for administrators',
    },
  ],
  queues: [],
  cliCommands: {},
  reconcile: reconcileRoleMatrix,
};
