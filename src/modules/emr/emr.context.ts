import { HttpStatus } from '@nestjs/common';
import type { ContextDescriptor } from '../../infrastructure/context/context-descriptor.js';
import type { EmrErrorCode } from './domain/emr-error-code.js';
import { EMR_PERMISSIONS } from './emr.permissions.js';
import { EmrModule } from './emr.module.js';
import type { EncounterTextColumn } from './infrastructure/encounter-cipher.js';
import { NOTE_TEXT_COLUMNS } from './infrastructure/note-cipher.js';
import { runIcd10Load } from './cli/icd10-load-cli.js';

/** The electronic medical record: the descriptor src/contexts.ts lists (ADR 30). */
export const emrContext: ContextDescriptor<EmrErrorCode> = {
  name: 'emr',
  modules: () => [EmrModule],
  permissions: EMR_PERMISSIONS,
  defaultGrants: {
    doctor: [
      'encounters:read:department',
      'emr:read:department',
      'emr:write:department',
      // Only doctors sign notes and record diagnoses (issue 17).
      'emr:sign:department',
      'emr:diagnose:department',
    ],
    nurse: ['encounters:read:department', 'emr:read:department', 'emr:write:department'],
    // Front desk and billing see encounters, never their clinical content.
    receptionist: ['encounters:read:hospital'],
    billing_clerk: ['encounters:read:hospital'],
    records_officer: ['encounters:read'],
  },
  errorStatus: {
    'EMR.INVALID_STATUS_TRANSITION': HttpStatus.CONFLICT,
    'EMR.ENCOUNTER_CLOSED': HttpStatus.CONFLICT,
    'EMR.ACCOUNT_NUMBER_TAKEN': HttpStatus.CONFLICT,
    'EMR.VISIT_NUMBER_CONFLICT': HttpStatus.CONFLICT,
    'EMR.ENCOUNTER_LOCKED': HttpStatus.CONFLICT,
    'EMR.NOT_A_LATE_ENTRY': HttpStatus.CONFLICT,
    'EMR.ENCOUNTER_VOID': HttpStatus.CONFLICT,
    'EMR.PATIENT_MERGED': HttpStatus.CONFLICT,
    'EMR.NOT_NOTE_AUTHOR': HttpStatus.FORBIDDEN,
    'EMR.NOTE_SIGNED': HttpStatus.CONFLICT,
    'EMR.NOTE_NOT_SIGNED': HttpStatus.CONFLICT,
    'EMR.NOTE_SUPERSEDED': HttpStatus.CONFLICT,
    'EMR.ALLERGY_ASSERTION_CONFLICT': HttpStatus.CONFLICT,
    'EMR.RECORD_ENTERED_IN_ERROR': HttpStatus.CONFLICT,
    'EMR.ATTENDING_NOT_A_DOCTOR': HttpStatus.UNPROCESSABLE_ENTITY,
    'EMR.UNKNOWN_PRACTITIONER': HttpStatus.UNPROCESSABLE_ENTITY,
    'EMR.UNKNOWN_SERVICE_PROVIDER': HttpStatus.UNPROCESSABLE_ENTITY,
    'EMR.DEPARTMENT_OUT_OF_SCOPE': HttpStatus.UNPROCESSABLE_ENTITY,
    'EMR.PRIMARY_DIAGNOSIS_TAKEN': HttpStatus.CONFLICT,
    'EMR.CONDITION_ENTERED_IN_ERROR': HttpStatus.CONFLICT,
    'EMR.UNKNOWN_DIAGNOSIS_CODE': HttpStatus.UNPROCESSABLE_ENTITY,
    'EMR.PERMISSION_REQUIRED': HttpStatus.FORBIDDEN,
  },
  openApiTags: [
    {
      name: 'emr',
      description:
        'The electronic medical record: encounters (FHIR R4 Encounter vocabulary), scoped and audited reads, clinical content under emr:read',
    },
  ],
  queues: [],
  cliCommands: {
    'emr:icd10-load': {
      help: 'replace the ICD-10 catalogue with a CSV file (header code,display), all or nothing: emr:icd10-load <file.csv>',
      run: (config, args, io) => runIcd10Load(config, args, io),
    },
  },
  // Re-encrypted by pii:rotate with the patients' data (ADR 31).
  encryptedTexts: [
    { table: 'encounters', columns: ['reason_text', 'status_reason'] satisfies EncounterTextColumn[] },
    { table: 'clinical_notes', columns: NOTE_TEXT_COLUMNS },
    { table: 'vital_sets', columns: ['late_entry_reason'] },
    { table: 'vital_observations', columns: ['status_reason'] },
    { table: 'allergy_intolerances', columns: ['substance_text', 'reactions_text'] },
    { table: 'conditions', columns: ['note', 'late_entry_reason'] },
  ],
};
