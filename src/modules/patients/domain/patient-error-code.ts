/** Stable error codes of the patients context; src/error-status.ts maps each to an HTTP status. */
export type PatientErrorCode =
  | 'PATIENT.MRN_CHECK_DIGIT'
  | 'PATIENT.MRN_TAKEN'
  | 'PATIENT.POSSIBLE_DUPLICATE'
  | 'PATIENT.UNKNOWN_HOSPITAL'
  | 'PATIENT.HOSPITAL_OUT_OF_SCOPE'
  | 'PATIENT.MERGED'
  | 'PATIENT.MERGE_INTO_ITSELF'
  | 'PATIENT.MERGE_TARGET_MERGED'
  | 'PATIENT.DECEASED'
  | 'PATIENT.UNREADABLE';
