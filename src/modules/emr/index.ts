// The EMR context's public contract: messages and types only (ADR 14). Other contexts import only from here.
export { EMR_PERMISSIONS } from './emr.permissions.js';
export type { EmrErrorCode } from './domain/emr-error-code.js';
export { ENCOUNTER_STATUSES, type EncounterStatus } from './domain/encounter-status.js';
export { ENCOUNTER_CLASSES, ENCOUNTER_CLASS_SYSTEM, type EncounterClass } from './domain/encounter-class.js';
export {
  EncounterPlanned,
  EncounterStarted,
  EncounterFinished,
  EncounterCancelled,
  EncounterMarkedEnteredInError,
  EncounterUpdated,
  EncounterMovedByMerge,
  type EncounterSnapshot,
} from './domain/encounter-events.js';
export { GetEncounter } from './application/queries/get-encounter.query.js';
export { ListPatientEncounters } from './application/queries/list-patient-encounters.query.js';
export type { EncounterView, EncounterPage } from './application/encounter-view.js';
export {
  DiagnosisRecorded,
  DiagnosisUpdated,
  DiagnosisMovedByMerge,
  ProblemRecorded,
  ProblemUpdated,
  ProblemMovedByMerge,
  type ConditionSnapshot,
} from './domain/condition-events.js';
export {
  CLINICAL_STATUSES,
  VERIFICATION_STATUSES,
  CONDITION_CATEGORIES,
  ICD10_SYSTEM,
  type ClinicalStatus,
  type VerificationStatus,
  type ConditionCategory,
} from './domain/condition-vocabulary.js';
export { GetCondition } from './application/queries/get-condition.query.js';
export { ListEncounterDiagnoses } from './application/queries/list-encounter-diagnoses.query.js';
export { ListPatientProblems } from './application/queries/list-patient-problems.query.js';
export { SearchDiagnosisCodes, type DiagnosisCodeMatches } from './application/queries/search-diagnosis-codes.query.js';
export type { ConditionView, ConditionPage } from './application/condition-view.js';
