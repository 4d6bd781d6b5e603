/** Stable error codes of the EMR context; emr.context.ts maps each to an HTTP status. */
export type EmrErrorCode =
  | 'EMR.INVALID_STATUS_TRANSITION'
  | 'EMR.ENCOUNTER_CLOSED'
  | 'EMR.ACCOUNT_NUMBER_TAKEN'
  | 'EMR.PATIENT_MERGED'
  | 'EMR.ATTENDING_NOT_A_DOCTOR'
  | 'EMR.UNKNOWN_PRACTITIONER'
  | 'EMR.UNKNOWN_SERVICE_PROVIDER'
  | 'EMR.DEPARTMENT_OUT_OF_SCOPE';
