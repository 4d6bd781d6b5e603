import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import type { HospitalErrorCode } from './domain/hospital-error-code.js';
import { HospitalsModule } from './hospitals.module.js';
import { HOSPITAL_PERMISSIONS } from './hospitals.permissions.js';
import { IMPORTS_QUEUE } from './infrastructure/imports-queue.js';

const READ = ['hospitals:read'];

/** The hospital registry, departments and CSV imports: the descriptor src/contexts.ts lists. */
export const hospitalsContext: ContextDescriptor<HospitalErrorCode> = {
  name: 'hospitals',
  modules: (config) => [HospitalsModule.forRole(config.role)],
  permissions: HOSPITAL_PERMISSIONS,
  defaultGrants: {
    doctor: READ,
    nurse: READ,
    pharmacist: READ,
    lab_technician: READ,
    receptionist: READ,
    billing_clerk: READ,
    auditor: READ,
    // Registers patients at a hospital, like the front desk: it must be able to look them up.
    records_officer: READ,
    department_head: READ,
  },
  errorStatus: {
    'HOSPITAL.INVALID_CSV': HttpStatus.BAD_REQUEST,
    'HOSPITAL.IMPORT_FILE_MISSING': HttpStatus.BAD_REQUEST,
    'HOSPITAL.IMPORT_FILE_TOO_LARGE': HttpStatus.PAYLOAD_TOO_LARGE,
    'HOSPITAL.UNSUPPORTED_FILE_TYPE': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'HOSPITAL.IDEMPOTENCY_KEY_REUSED': HttpStatus.UNPROCESSABLE_ENTITY,
    'HOSPITAL.BATCH_IN_PROGRESS': HttpStatus.CONFLICT,
    'HOSPITAL.BATCH_REFERENCED': HttpStatus.CONFLICT,
    'HOSPITAL.DEPARTMENT_CODE_TAKEN': HttpStatus.CONFLICT,
  },
  openApiTags: [
    {
      name: 'hospitals',
      description: 'The hospital registry and departments, and bulk CSV imports of hospitals processed in the background',
    },
  ],
  queues: [{ name: IMPORTS_QUEUE, description: 'CSV import batches, one job per batch keyed by its id (ADR 8)' }],
  cliCommands: {},
};
