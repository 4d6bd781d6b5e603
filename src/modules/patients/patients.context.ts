import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import { runPiiRotationCli } from './cli/pii-rotation-cli.js';
import type { PatientErrorCode } from './domain/patient-error-code.js';
import { PII_ROTATION_QUEUE } from './infrastructure/pii-rotation-queue.js';
import { PatientsModule } from './patients.module.js';
import { PATIENT_PERMISSIONS } from './patients.permissions.js';
import { PiiRotationModule } from './pii-rotation.module.js';

/** The master patient index and the rotation of its keys: the descriptor src/contexts.ts lists. */
export const patientsContext: ContextDescriptor<PatientErrorCode> = {
  name: 'patients',
  modules: (config, catalogue) => [PatientsModule, PiiRotationModule.forRole(config.role, catalogue.encryptedTexts)],
  permissions: PATIENT_PERMISSIONS,
  defaultGrants: {
    doctor: ['patients:read:department', 'patients:read-sensitive'],
    nurse: ['patients:read:department'],
    pharmacist: ['patients:read:hospital'],
    lab_technician: ['patients:read:hospital'],
    receptionist: [
      'patients:read:hospital',
      'patients:read-sensitive',
      'patients:register',
      'patients:update',
      'patients:deactivate',
    ],
    billing_clerk: ['patients:read:hospital', 'patients:read-sensitive'],
    // Books and overbooks for the department's patients (appointments).
    department_head: ['patients:read:department'],
    records_officer: [
      'patients:read',
      'patients:read-sensitive',
      'patients:register',
      'patients:update',
      'patients:deactivate',
      'patients:merge',
    ],
  },
  errorStatus: {
    'PATIENT.MRN_TAKEN': HttpStatus.CONFLICT,
    'PATIENT.POSSIBLE_DUPLICATE': HttpStatus.CONFLICT,
    'PATIENT.MERGED': HttpStatus.CONFLICT,
    'PATIENT.DECEASED': HttpStatus.CONFLICT,
    'PATIENT.MRN_CHECK_DIGIT': HttpStatus.UNPROCESSABLE_ENTITY,
    'PATIENT.UNKNOWN_HOSPITAL': HttpStatus.UNPROCESSABLE_ENTITY,
    'PATIENT.HOSPITAL_OUT_OF_SCOPE': HttpStatus.UNPROCESSABLE_ENTITY,
    'PATIENT.MERGE_INTO_ITSELF': HttpStatus.UNPROCESSABLE_ENTITY,
    'PATIENT.MERGE_TARGET_MERGED': HttpStatus.UNPROCESSABLE_ENTITY,
    'PATIENT.PERMISSION_REQUIRED': HttpStatus.FORBIDDEN,
    // Stored data that no configured key decrypts: the server's fault, never the caller's.
    'PATIENT.UNREADABLE': HttpStatus.INTERNAL_SERVER_ERROR,
  },
  openApiTags: [
    {
      name: 'patients',
      description: 'The master patient index: encrypted personal data, exact search by blind indexes, scoped and audited reads',
    },
  ],
  queues: [{ name: PII_ROTATION_QUEUE, description: 'PII key rotations, one job per rotation keyed by its id (ADR 10)' }],
  cliCommands: {
    'pii:rotate': {
      help: 're-encrypt every patient and every encrypted clinical text under the active PII key (--blind-index: re-index patients), --wait to follow; --status lists rotations',
      run: (config, args, io, catalogue) => runPiiRotationCli(config, args, io, catalogue.encryptedTexts),
    },
  },
};
