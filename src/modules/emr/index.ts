// The EMR context's public contract: messages and types only (ADR 14). Other contexts import only from here.
export { EMR_PERMISSIONS } from './emr.permissions.js';
export type { EmrErrorCode } from './domain/emr-error-code.js';
export {
  ENCOUNTER_STATUSES,
  INITIAL_ENCOUNTER_STATUSES,
  type EncounterStatus,
  type InitialEncounterStatus,
} from './domain/encounter-status.js';
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
export type { EncounterView, EncounterPage, EncounterSummary } from './application/encounter-view.js';
export { CreateEncounter, type NewEncounter } from './application/commands/create-encounter.command.js';
export { RecordVisit, type PastVisit, type VisitOutcome } from './application/commands/record-visit.command.js';
export { RecordVisits, type PatientVisit } from './application/commands/record-visits.command.js';
export type { VisitNumberConflict } from './domain/visit-number-conflict.error.js';
export {
  ListEncountersOfPatients,
  MAX_PATIENTS_AT_ONCE,
  MAX_ENCOUNTERS_PER_PATIENT,
} from './application/queries/list-encounters-of-patients.query.js';
export { NOTE_STATUSES, type NoteStatus } from './domain/note-status.js';
export { NOTE_TYPES, NOTE_TYPE_SYSTEM, type NoteType, type NoteTypeCode } from './domain/note-type.js';
export { NoteDrafted, NoteUpdated, NoteSigned, NoteAmended, NoteMovedByMerge, type NoteSnapshot } from './domain/note-events.js';
export { GetNote } from './application/queries/get-note.query.js';
export { ListEncounterNotes } from './application/queries/list-encounter-notes.query.js';
export type { NoteView, NotePage } from './application/note-view.js';
export {
  VITAL_CODES,
  LOINC_SYSTEM,
  UCUM_SYSTEM,
  INTERPRETATIONS,
  OBSERVATION_STATUSES,
  type VitalCode,
  type Interpretation,
  type ObservationStatus,
} from './domain/vital-signs.js';
export {
  VitalsRecorded,
  VitalMarkedEnteredInError,
  VitalsMovedByMerge,
  type VitalSetSnapshot,
  type VitalObservationSnapshot,
} from './domain/vital-events.js';
export {
  ALLERGY_TYPES,
  ALLERGY_CATEGORIES,
  ALLERGY_CRITICALITIES,
  REACTION_SEVERITIES,
  ALLERGY_CLINICAL_STATUSES,
  ALLERGY_VERIFICATION_STATUSES,
  ALLERGY_ASSERTIONS,
  NO_KNOWN_ALLERGY_CODE,
  type AllergyAssertion,
} from './domain/allergy-vocabulary.js';
export { AllergyRecorded, AllergyUpdated, AllergyMovedByMerge, type AllergySnapshot } from './domain/allergy-events.js';
export { ListPatientVitals } from './application/queries/list-patient-vitals.query.js';
export { ListPatientAllergies } from './application/queries/list-patient-allergies.query.js';
export type { VitalObservationView, VitalSetView, VitalTrendPage } from './application/vital-view.js';
export type { AllergyView, AllergyListView } from './application/allergy-view.js';
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
