import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import type { IntakeErrorCode } from './domain/intake-errors.js';
import { INTAKE_QUEUE } from './infrastructure/intake-queue.js';
import { IntakeModule } from './intake.module.js';
import { INTAKE_PERMISSIONS } from './intake.permissions.js';

/** Patient and visit feeds from other systems (issue 18): the descriptor src/contexts.ts lists. */
export const intakeContext: ContextDescriptor<IntakeErrorCode> = {
  name: 'intake',
  modules: (config) => [IntakeModule.forRole(config.role)],
  permissions: INTAKE_PERMISSIONS,
  defaultGrants: {
    // Records officers keep the master patient index; front desks see how their hospital's feeds went.
    records_officer: ['intake:submit:hospital', 'intake:read:hospital'],
    receptionist: ['intake:read:hospital'],
  },
  errorStatus: {
    'INTAKE.TOO_MANY_RECORDS': HttpStatus.PAYLOAD_TOO_LARGE,
    'INTAKE.IDEMPOTENCY_KEY_REUSED': HttpStatus.UNPROCESSABLE_ENTITY,
    'INTAKE.HOSPITAL_OUT_OF_SCOPE': HttpStatus.UNPROCESSABLE_ENTITY,
    'INTAKE.UNKNOWN_SERVICE_PROVIDER': HttpStatus.UNPROCESSABLE_ENTITY,
  },
  openApiTags: [
    {
      name: 'intake',
      description:
        'Patient and visit feeds from other systems: JSON or CSV in, kept in object storage, applied by the worker with MRN de-duplication',
    },
  ],
  queues: [{ name: INTAKE_QUEUE, description: 'Intake batches, one job per batch keyed by its id (ids only, never a record)' }],
  cliCommands: {},
};
