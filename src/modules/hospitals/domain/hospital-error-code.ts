/** Stable error codes of the hospitals context; src/error-status.ts maps each to an HTTP status. */
export type HospitalErrorCode =
  | 'HOSPITAL.INVALID_CSV'
  | 'HOSPITAL.IMPORT_FILE_MISSING'
  | 'HOSPITAL.IMPORT_FILE_TOO_LARGE'
  | 'HOSPITAL.UNSUPPORTED_FILE_TYPE'
  | 'HOSPITAL.IDEMPOTENCY_KEY_REUSED'
  | 'HOSPITAL.BATCH_IN_PROGRESS'
  | 'HOSPITAL.BATCH_REFERENCED'
  | 'HOSPITAL.DEPARTMENT_CODE_TAKEN';
