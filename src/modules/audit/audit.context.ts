import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import { AuditModule } from './audit.module.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import { AUDIT_CLI_COMMANDS } from './cli/audit-cli-commands.js';
import type { AuditErrorCode } from './domain/audit-error-code.js';

/** The audit store and the auditors' API: the descriptor src/contexts.ts lists. */
export const auditContext: ContextDescriptor<AuditErrorCode> = {
  name: 'audit',
  modules: (config) => [AuditModule.forRole(config.role)],
  permissions: AUDIT_PERMISSIONS,
  defaultGrants: { auditor: ['audit:read'] },
  errorStatus: {
    'AUDIT.INVALID_CURSOR': HttpStatus.BAD_REQUEST,
    'AUDIT.INVALID_RANGE': HttpStatus.BAD_REQUEST,
  },
  openApiTags: [
    {
      name: 'audit',
      description: 'The audit trail for auditors: search, record histories, patient access reports, exports, chain verification',
    },
  ],
  // The audit queue is the outbox's: the platform declares it.
  queues: [],
  cliCommands: AUDIT_CLI_COMMANDS,
};
